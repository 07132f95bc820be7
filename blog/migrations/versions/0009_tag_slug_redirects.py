"""tag slug redirects

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 19:20:00.000000

"""
from alembic import op
import sqlalchemy as sa

import blog.models  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'tag_slug_redirects',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('old_slug', sa.String(length=80), nullable=False),
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['tag_id'], ['tags.id'],
                                name=op.f('fk_tag_slug_redirects_tag_id_tags'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tag_slug_redirects')),
        sa.UniqueConstraint('old_slug', name=op.f('uq_tag_slug_redirects_old_slug')),
    )
    with op.batch_alter_table('tag_slug_redirects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tag_slug_redirects_tag_id'), ['tag_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('tag_slug_redirects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tag_slug_redirects_tag_id'))
    op.drop_table('tag_slug_redirects')

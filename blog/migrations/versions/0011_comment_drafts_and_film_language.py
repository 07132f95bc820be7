"""comment drafts kept across a sign-in, the language of a film's original title, site pages

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 19:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import blog.models  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'comment_drafts',
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('review_id', sa.Integer(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', blog.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['review_id'], ['reviews.id'],
                                name=op.f('fk_comment_drafts_review_id_reviews'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('token', name=op.f('pk_comment_drafts')),
    )
    with op.batch_alter_table('comment_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_drafts_created_at'), ['created_at'],
                              unique=False)
    op.create_table(
        'site_pages',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('updated_at', blog.models.UTCDateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_site_pages_updated_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_site_pages')),
    )
    with op.batch_alter_table('films', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=35), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('films', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('comment_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_drafts_created_at'))
    op.drop_table('comment_drafts')
    op.drop_table('site_pages')

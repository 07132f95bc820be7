"""moving in from WordPress: imported posts and comments remember their origin, guests' names,
and the old addresses that redirect

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 21:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wp_guid', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('wp_digest', sa.String(length=64), nullable=False,
                                      server_default=''))
        batch_op.create_unique_constraint(batch_op.f('uq_reviews_wp_guid'), ['wp_guid'])
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wp_key', sa.String(length=340), nullable=True))
        batch_op.add_column(sa.Column('guest_name', sa.String(length=80), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('guest_email', sa.String(length=254), nullable=False,
                                      server_default=''))
        batch_op.create_unique_constraint(batch_op.f('uq_comments_wp_key'), ['wp_key'])
        batch_op.create_index(batch_op.f('ix_comments_guest_email'), ['guest_email'],
                              unique=False)
    op.create_table(
        'legacy_paths',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('path', sa.String(length=500), nullable=False),
        sa.Column('review_id', sa.Integer(), nullable=True),
        sa.Column('tag_id', sa.Integer(), nullable=True),
        sa.Column('endpoint', sa.String(length=40), nullable=False, server_default=''),
        sa.ForeignKeyConstraint(['review_id'], ['reviews.id'],
                                name=op.f('fk_legacy_paths_review_id_reviews'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tag_id'], ['tags.id'],
                                name=op.f('fk_legacy_paths_tag_id_tags'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_legacy_paths')),
        sa.UniqueConstraint('path', name=op.f('uq_legacy_paths_path')),
    )
    with op.batch_alter_table('legacy_paths', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legacy_paths_review_id'), ['review_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_legacy_paths_tag_id'), ['tag_id'], unique=False)


def downgrade():
    op.drop_table('legacy_paths')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_guest_email'))
        batch_op.drop_constraint(batch_op.f('uq_comments_wp_key'), type_='unique')
        batch_op.drop_column('guest_email')
        batch_op.drop_column('guest_name')
        batch_op.drop_column('wp_key')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_reviews_wp_guid'), type_='unique')
        batch_op.drop_column('wp_digest')
        batch_op.drop_column('wp_guid')

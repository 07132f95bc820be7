"""kept per-tag counts of published reviews, and the comment form's token on its comment

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 21:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_count', sa.Integer(), nullable=False,
                                      server_default='0'))
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_token', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_comments_form_token', ['form_token'], unique=True)
    op.execute(
        "UPDATE tags SET published_count = (SELECT count(*) FROM review_tags "
        "JOIN reviews ON reviews.id = review_tags.review_id "
        "WHERE review_tags.tag_id = tags.id AND reviews.status = 'published' "
        "AND reviews.published_at IS NOT NULL)")
    # The cloud's and related reviews' queries lean on the planner's statistics.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("PRAGMA analysis_limit=400")
    op.execute("ANALYZE")


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_form_token')
        batch_op.drop_column('form_token')
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_column('published_count')

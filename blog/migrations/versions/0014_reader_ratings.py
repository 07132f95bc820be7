"""readers' ratings of reviews, and their running totals per review

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 21:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

import blog.models  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reader_ratings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('review_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('halves', sa.Integer(), nullable=False),
        sa.Column('created_at', blog.models.UTCDateTime(), nullable=False),
        sa.Column('updated_at', blog.models.UTCDateTime(), nullable=False),
        sa.CheckConstraint('halves BETWEEN 1 AND 10',
                           name=op.f('ck_reader_ratings_reader_rating_half_steps')),
        sa.ForeignKeyConstraint(['review_id'], ['reviews.id'],
                                name=op.f('fk_reader_ratings_review_id_reviews'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_reader_ratings_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reader_ratings')),
        sa.UniqueConstraint('user_id', 'review_id', name='uq_reader_ratings_once'),
    )
    with op.batch_alter_table('reader_ratings', schema=None) as batch_op:
        batch_op.create_index('ix_reader_ratings_review_id', ['review_id'], unique=False)
    op.create_table(
        'reader_rating_summaries',
        sa.Column('review_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('total_halves', sa.Integer(), nullable=False),
        sa.Column('histogram', sa.JSON(), nullable=False),
        sa.Column('updated_at', blog.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['review_id'], ['reviews.id'],
                                name=op.f('fk_reader_rating_summaries_review_id_reviews'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('review_id', name=op.f('pk_reader_rating_summaries')),
    )


def downgrade():
    op.drop_table('reader_rating_summaries')
    with op.batch_alter_table('reader_ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_reader_ratings_review_id')
    op.drop_table('reader_ratings')

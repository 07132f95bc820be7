"""a film's reviews with their status and publication time in one index

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 05:10:00.000000

"""
from alembic import op


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    # Replaces the index on film_id alone, which it covers: a person's page then reads whether
    # and when each of their films' reviews is visible from the index, not from the rows.
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index('ix_reviews_film_visible', ['film_id', 'status', 'published_at'],
                              unique=False)
        batch_op.drop_index('ix_reviews_film_id')


def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index('ix_reviews_film_id', ['film_id'], unique=False)
        batch_op.drop_index('ix_reviews_film_visible')

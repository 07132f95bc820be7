"""authors' lists of films, and indexes for browsing the catalogue by rating and title

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 21:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

STATUSES = ('draft', 'scheduled', 'published')


def upgrade():
    op.create_table(
        'film_lists',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=200), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('intro', sa.Text(), nullable=False),
        sa.Column('intro_html', sa.Text(), nullable=False),
        sa.Column('ranked', sa.Boolean(), nullable=False),
        sa.Column('status', sa.Enum(*STATUSES, name='reviewstatus', native_enum=False,
                                    length=20, create_constraint=True), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                                name=op.f('fk_film_lists_author_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_film_lists')),
        sa.UniqueConstraint('slug', name=op.f('uq_film_lists_slug')),
    )
    with op.batch_alter_table('film_lists', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_film_lists_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_film_lists_status_published_at', ['status', 'published_at'],
                              unique=False)
    op.create_table(
        'list_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('list_id', sa.Integer(), nullable=False),
        sa.Column('film_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('note_html', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['film_id'], ['films.id'], ondelete='CASCADE',
                                name=op.f('fk_list_entries_film_id_films')),
        sa.ForeignKeyConstraint(['list_id'], ['film_lists.id'], ondelete='CASCADE',
                                name=op.f('fk_list_entries_list_id_film_lists')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_list_entries')),
        sa.UniqueConstraint('list_id', 'film_id', name='uq_list_entries_film_once'),
    )
    with op.batch_alter_table('list_entries', schema=None) as batch_op:
        batch_op.create_index('ix_list_entries_film_list', ['film_id', 'list_id'], unique=False)
    # The catalogue sorted by the critic's rating, or by title, walks these instead of sorting.
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index('ix_reviews_status_rating', ['status', 'rating_halves',
                                                           'published_at'], unique=False)
        batch_op.create_index('ix_reviews_status_title', ['status', 'title'], unique=False)


def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_reviews_status_title')
        batch_op.drop_index('ix_reviews_status_rating')
    with op.batch_alter_table('list_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_list_entries_film_list')
    op.drop_table('list_entries')
    with op.batch_alter_table('film_lists', schema=None) as batch_op:
        batch_op.drop_index('ix_film_lists_status_published_at')
        batch_op.drop_index(batch_op.f('ix_film_lists_author_id'))
    op.drop_table('film_lists')

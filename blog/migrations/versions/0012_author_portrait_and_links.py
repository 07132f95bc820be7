"""authors' portraits and links, shown on their author page and the about page

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 20:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('portrait_path', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('links', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('links')
        batch_op.drop_column('portrait_path')

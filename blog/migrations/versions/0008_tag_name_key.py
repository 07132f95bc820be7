"""tags are one tag when their folded names match, not their slugs

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 19:30:00.000000

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def folded(name):
    """The same key as blog.services.tags.tag_key, frozen here as of this migration."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(text.split())[:200]


def upgrade():
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=200), nullable=True))
    tags = sa.table('tags', sa.column('id', sa.Integer), sa.column('name', sa.String),
                    sa.column('name_key', sa.String))
    connection = op.get_bind()
    seen = set()
    for tag_id, name in connection.execute(sa.select(tags.c.id, tags.c.name).order_by(tags.c.id)):
        key = folded(name)
        if key in seen:  # tags that were already one in all but name stay apart, findable
            key = f"{key[:190]} #{tag_id}"
        seen.add(key)
        connection.execute(tags.update().where(tags.c.id == tag_id).values(name_key=key))
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sa.String(length=200), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_tags_name_key'), ['name_key'])


def downgrade():
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_tags_name_key'), type_='unique')
        batch_op.drop_column('name_key')

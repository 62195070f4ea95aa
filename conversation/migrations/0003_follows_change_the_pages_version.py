from django.db import migrations

# What a member follows shows on their own start page, a part cached per account (wwidw's home)
# and keyed by the account's `pages_version`: every write to their follows changes it, from any
# code that writes them. Only that column changes, so the site's list version does not.
FUNCTION = """
CREATE FUNCTION conversation_bump_pages_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE wwidw_user SET pages_version = pages_version + 1 WHERE id = OLD.user_id;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.user_id <> OLD.user_id) THEN
        UPDATE wwidw_user SET pages_version = pages_version + 1 WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER conversation_follow_pages_version
AFTER INSERT OR UPDATE OR DELETE ON conversation_follow
FOR EACH ROW EXECUTE FUNCTION conversation_bump_pages_version();
CREATE TRIGGER conversation_follow_pages_version_truncate
AFTER TRUNCATE ON conversation_follow
FOR EACH STATEMENT EXECUTE FUNCTION interventions_bump_list_version();
"""

DROP = """
DROP TRIGGER conversation_follow_pages_version ON conversation_follow;
DROP TRIGGER conversation_follow_pages_version_truncate ON conversation_follow;
DROP FUNCTION conversation_bump_pages_version();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("conversation", "0002_site_version_of_questions"),
        ("wwidw", "0004_user_pages_version"),
    ]

    operations = [migrations.RunSQL(FUNCTION, DROP)]

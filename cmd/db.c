#include <stdio.h>
#include <string.h>

#include "norm/ports.h"
#include "store/store.h"
#include "cmd.h"

int
cmd_db(struct ctx *c, int argc, char **argv)
{
	struct vb_error err;
	PGconn *db;
	int applied, rc;

	if (argc != 2 || (strcmp(argv[1], "migrate") != 0 &&
	    strcmp(argv[1], "roles") != 0))
		return usage("db");
	if ((db = connect_db(c)) == NULL)
		return EX_TEMPFAIL;
	vb_err_clear(&err);
	if (strcmp(argv[1], "migrate") == 0) {
		/* The ports' time zones are reference data: refreshed with the schema. */
		if (store_migrate(db, &applied, &err) == -1 ||
		    ports_load(db, &err) == -1) {
			rc = fail(&err);
			goto done;
		}
		log_info(c, "%d migration%s applied; the schema is at version %d",
		    applied, applied == 1 ? "" : "s",
		    store_migrations[store_nmigrations - 1].version);
		/* Tables a migration added get their grants when the roles exist. */
		if ((rc = store_roles_exist(db, &err)) <= 0) {
			rc = rc == -1 ? fail(&err) : EX_OK;
			goto done;
		}
	}
	if (store_roles(db, &err) == -1)
		rc = fail(&err);
	else {
		log_info(c, "db roles: vborder_ingest, vborder_lists,"
		    " vborder_screen and vborder_officer have their grants");
		rc = EX_OK;
	}
done:
	store_disconnect(db);
	return rc;
}

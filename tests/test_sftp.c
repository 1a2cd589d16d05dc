/*
 * Carriers as real SFTP users (issue 9): OpenSSH's sshd on loopback running
 * the production configuration (docs/sshd_config, with this test's port,
 * host key, pid file and key folder put in), one chrooted system account per
 * carrier with key authentication, the folders owned as docs/sftp.md says,
 * uploads by `sftp -b`, and vborder run as its own service account:
 *
 *   - a complete upload; one under NAME.part that a run leaves alone until
 *     the carrier renames it; one broken off halfway (sftp killed in the
 *     middle of a large file, its NAME.part never renamed), which waits;
 *   - each carrier fetches its own acks from outbox/;
 *   - XA's account reaches nothing of XB's, nor the service's folders
 *     (processing/, archive/, quarantine/), nor anything but SFTP;
 *   - a rejected file's ack reaches its carrier; an upload the service
 *     cannot read (the carrier's mode 0600) is neither stored nor lost.
 *
 * ChrootDirectory and system accounts need root. CI runs as root; as another
 * user the test runs itself again through passwordless sudo, and fails,
 * saying why, when there is none: a test that cannot check the isolation
 * must not pass. Accounts are vbt_<role>_<pid>, removed in the teardown;
 * those of a run that was killed (its pid gone) go at the next run's start.
 * sshd dies with the test (PR_SET_PDEATHSIG) whatever ends it.
 *
 * sshd refuses a chroot below a folder that others may write (/tmp, even
 * with its sticky bit), so the dropbox and sshd's files live in a folder
 * made under /run (else /var/lib or /srv: the first whose every component
 * is root's and not writable by others).
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define NOW	"--now 2026-11-24T22:00:00Z"
#define SSHD	"/usr/sbin/sshd"
#define SFTP	"/usr/bin/sftp"
/* The upload that is broken off: large enough to be cut in the middle. */
#define BIG_BYTES	(4L << 20)
#define BIG_RATE	"800"	/* sftp -l, Kbit/s: 4 MiB take some 40 seconds */
#define NCARRIERS	2

extern char **environ;

static const char *const carriers[NCARRIERS] = {"XA", "XB"};

static struct h_env env;
static struct {
	char base[PATH_MAX];	/* root-owned, outside /tmp: etc/, dropbox/, bin/, out/ */
	char box[PATH_MAX];	/* base/dropbox */
	char cli[PATH_MAX];	/* the carriers' side: keys, known_hosts, files/ */
	char bin[PATH_MAX];	/* the binary, where the service account reaches it */
	char svc[32];		/* the service account vborder runs as */
	char group[32];		/* every carrier account: sshd's AllowGroups */
	char user[NCARRIERS][32];
	int port;
	pid_t sshd;
	pid_t upload;		/* the upload broken off halfway, while it runs */
} t;

/* snprintf into a static buffer (4 slots), failing the test on truncation. */
static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static const char *
fmt(const char *f, ...)
{
	static char bufs[4][PATH_MAX];
	static unsigned slot;
	char *b = bufs[slot++ % 4];
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(b, PATH_MAX, f, ap);
	va_end(ap);
	if (n < 0 || n >= PATH_MAX) {
		fprintf(stderr, "test_sftp: path too long: %.100s...\n", b);
		abort();
	}
	return b;
}

/* snprintf into buf, failing the test on truncation. */
static void into(char *buf, size_t size, const char *f, ...)
    __attribute__((format(printf, 3, 4)));

static void
into(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(buf, size, f, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "test_sftp: too long: %.100s...\n", buf);
		abort();
	}
}

/* A path under the dropbox: box("XA/incoming/%s", name). */
#define box(...)	fmt("%s/%s", t.box, fmt(__VA_ARGS__))

static void
pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static long
size_of(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* ---- accounts ------------------------------------------------------------ */

/* "vbt_<role>_<pid>" with a pid that no longer runs: a killed run's. */
static int
stale_name(const char *name)
{
	const char *us;
	char *end;
	long pid;

	if (strncmp(name, "vbt_", 4) != 0 || (us = strrchr(name + 4, '_')) == NULL ||
	    us == name + 4)
		return 0;
	for (const char *p = name + 4; p < us; p++)
		if (*p < 'a' || *p > 'z')
			return 0;
	errno = 0;
	pid = strtol(us + 1, &end, 10);
	if (errno != 0 || *end != '\0' || end == us + 1 || pid <= 0 || pid > INT32_MAX)
		return 0;
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/* userdel that waits for the account's last processes (sshd's session children). */
static void
remove_user(const char *name)
{
	if (getpwnam(name) == NULL)
		return;
	for (int i = 0; i < 50; i++) {
		if (h_sh("userdel '%s' 2>/dev/null", name) == 0 || getpwnam(name) == NULL)
			return;
		pause_ms(100);
	}
	(void)h_sh("userdel -f '%s'", name);
}

static void
remove_group(const char *name)
{
	if (getgrnam(name) == NULL)
		return;
	for (int i = 0; i < 20 && getgrnam(name) != NULL; i++) {
		if (h_sh("groupdel '%s' 2>/dev/null", name) == 0)
			return;
		pause_ms(100);
	}
}

/* Accounts, groups and folders a killed run of this test left behind. */
static void
sweep_stale(void)
{
	static const char *const parents[] = {"/run", "/var/lib", "/srv"};
	char names[64][64];
	size_t n = 0;
	struct passwd *pw;
	struct group *gr;

	setpwent();
	while ((pw = getpwent()) != NULL && n < 64)
		if (stale_name(pw->pw_name))
			into(names[n++], sizeof(names[0]), "%s", pw->pw_name);
	endpwent();
	/* A service account first: it is a member of the carriers' groups. */
	for (size_t i = 0; i < n; i++)
		if (strncmp(names[i], "vbt_svc_", 8) == 0)
			remove_user(names[i]);
	for (size_t i = 0; i < n; i++)
		remove_user(names[i]);
	n = 0;
	setgrent();
	while ((gr = getgrent()) != NULL && n < 64)
		if (stale_name(gr->gr_name))
			into(names[n++], sizeof(names[0]), "%s", gr->gr_name);
	endgrent();
	for (size_t i = 0; i < n; i++)
		remove_group(names[i]);

	for (size_t p = 0; p < sizeof(parents) / sizeof(parents[0]); p++) {
		DIR *d = opendir(parents[p]);
		struct dirent *e;

		while (d != NULL && (e = readdir(d)) != NULL) {
			char *end;
			long pid;

			if (strncmp(e->d_name, "vborder-sftp-", 13) != 0)
				continue;
			pid = strtol(e->d_name + 13, &end, 10);
			if (*end == '.' && pid > 0 && pid <= INT32_MAX &&
			    kill((pid_t)pid, 0) == -1 && errno == ESRCH)
				(void)h_sh("rm -rf '%s/%s'", parents[p], e->d_name);
		}
		if (d != NULL)
			closedir(d);
	}
}

/* useradd and friends, retried: another test run may hold /etc/passwd's lock. */
static int
sh_retry(const char *cmd)
{
	for (int i = 0; i < 30; i++) {
		if (h_sh("%s", cmd) == 0)
			return 0;
		pause_ms(200);
	}
	fprintf(stderr, "test_sftp: failed: %s\n", cmd);
	return -1;
}

/* ---- processes ----------------------------------------------------------- */

/*
 * Runs argv (an absolute path first) in its own process group, stdin from
 * /dev/null, stdout and stderr into log. It is killed when this process
 * dies, however it dies.
 */
static pid_t
spawn(char *const argv[], const char *log)
{
	pid_t parent = getpid(), pid;
	int fd;

	if ((pid = fork()) != 0)
		return pid;
	(void)setpgid(0, 0);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
		_exit(127);
	if ((fd = open("/dev/null", O_RDONLY)) == -1 || dup2(fd, 0) == -1)
		_exit(127);
	close(fd);
	if ((fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    dup2(fd, 1) == -1 || dup2(fd, 2) == -1)
		_exit(127);
	close(fd);
	execv(argv[0], argv);
	_exit(127);
}

/* Stops a spawned process group: sig, then SIGKILL after timeout_ms. */
static void
stop(pid_t *pid, int sig, long timeout_ms)
{
	if (*pid <= 0)
		return;
	(void)kill(-*pid, sig);
	(void)kill(*pid, sig);
	for (long waited = 0; waitpid(*pid, NULL, WNOHANG) == 0; waited += 50) {
		if (waited >= timeout_ms) {
			(void)kill(-*pid, SIGKILL);
			(void)kill(*pid, SIGKILL);
			(void)waitpid(*pid, NULL, 0);
			break;
		}
		pause_ms(50);
	}
	*pid = 0;
}

static int
free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd, port = -1;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static int
port_open(int port)
{
	struct sockaddr_in a;
	int fd, ok;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return 0;
	ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

/* ---- setup --------------------------------------------------------------- */

static int
dir_safe(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == 0 &&
	    (st.st_mode & 022) == 0;
}

/* sshd's rule for a chroot: every component root's and not group/other-writable. */
static int
chroot_safe(const char *path)
{
	char buf[PATH_MAX], *slash;

	if (path[0] != '/' || strlcpy(buf, path, sizeof(buf)) >= sizeof(buf))
		return 0;
	while ((slash = strrchr(buf, '/')) != NULL && slash != buf) {
		if (!dir_safe(buf))
			return 0;
		*slash = '\0';
	}
	return dir_safe(buf) && dir_safe("/");
}

static int
make_base(void)
{
	static const char *const parents[] = {"/run", "/var/lib", "/srv"};

	for (size_t i = 0; i < sizeof(parents) / sizeof(parents[0]); i++) {
		if (!chroot_safe(parents[i]))
			continue;
		into(t.base, sizeof(t.base), "%s/vborder-sftp-%ld.XXXXXX",
		    parents[i], (long)getpid());
		if (mkdtemp(t.base) == NULL) {
			t.base[0] = '\0';
			continue;
		}
		if (chmod(t.base, 0755) == -1)
			return -1;
		return 0;
	}
	fprintf(stderr, "test_sftp: no folder for the chroots: /run, /var/lib and"
	    " /srv are each missing, or writable by others, or not root's\n");
	return -1;
}

/* The accounts and the folders exactly as docs/sftp.md sets them up. */
static int
make_accounts_and_box(void)
{
	char cmd[PATH_MAX * 2];
	long pid = (long)getpid();

	into(t.svc, sizeof(t.svc), "vbt_svc_%ld", pid);
	into(t.group, sizeof(t.group), "vbt_car_%ld", pid);
	into(t.user[0], sizeof(t.user[0]), "vbt_xa_%ld", pid);
	into(t.user[1], sizeof(t.user[1]), "vbt_xb_%ld", pid);
	into(t.box, sizeof(t.box), "%s/dropbox", t.base);

	into(cmd, sizeof(cmd), "groupadd '%s'", t.group);
	if (sh_retry(cmd) == -1)
		return -1;
	for (int c = 0; c < NCARRIERS; c++) {
		into(cmd, sizeof(cmd), "useradd -M -d '%s/%s' -s /usr/sbin/nologin"
		    " -U -G '%s' -p '*' -c 'vborder test carrier %s' '%s'", t.box,
		    carriers[c], t.group, carriers[c], t.user[c]);
		if (sh_retry(cmd) == -1)
			return -1;
	}
	into(cmd, sizeof(cmd), "useradd -M -d / -s /usr/sbin/nologin -U"
	    " -G '%s,%s' -c 'vborder test service' '%s'", t.user[0], t.user[1], t.svc);
	if (sh_retry(cmd) == -1)
		return -1;

	if (h_sh("install -d -o root -g '%s' -m 0750 '%s' && install -d -o '%s' -g '%s'"
	    " -m 0750 '%s/out'", t.svc, t.box, t.svc, t.svc, t.base) != 0)
		return -1;
	for (int c = 0; c < NCARRIERS; c++) {
		const char *d = fmt("%s/%s", t.box, carriers[c]);

		if (h_sh("install -d -o root -g '%s' -m 0751 '%s' &&"
		    " install -d -o '%s' -g '%s' -m 2770 '%s/incoming' &&"
		    " install -d -o '%s' -g '%s' -m 2750 '%s/outbox' &&"
		    " install -d -o '%s' -g '%s' -m 0750 '%s/processing' '%s/archive'"
		    " '%s/quarantine'", t.svc, d, t.svc, t.user[c], d, t.svc, t.user[c], d,
		    t.svc, t.svc, d, d, d) != 0)
			return -1;
	}
	/*
	 * The binary where the service account can run it: in place, else a
	 * copy (a checkout others cannot enter). test -x also fails on a
	 * noexec mount.
	 */
	into(t.bin, sizeof(t.bin), "%s", h_bin());
	if (h_sh("setpriv --reuid='%s' --regid='%s' --init-groups -- test -x '%s'",
	    t.svc, t.svc, t.bin) != 0) {
		into(t.bin, sizeof(t.bin), "%s/bin/vborder", t.base);
		if (h_sh("install -d -m 0755 '%s/bin' && install -m 0755 '%s' '%s' &&"
		    " setpriv --reuid='%s' --regid='%s' --init-groups -- test -x '%s'",
		    t.base, h_bin(), t.bin, t.svc, t.svc, t.bin) != 0) {
			fprintf(stderr, "test_sftp: the service account cannot run %s"
			    " nor a copy in %s/bin\n", h_bin(), t.base);
			return -1;
		}
	}
	/* The service account reaches the cluster's socket (pgctl makes it 0700). */
	if (chmod(h_path(&env, "pg"), 0711) == -1)
		return -1;
	return 0;
}

/* Host key, the carriers' keys, and the server's key in their known_hosts. */
static int
make_keys(void)
{
	if (h_sh("install -d -m 0755 '%s/etc' '%s/etc/authorized_keys' &&"
	    " ssh-keygen -q -t ed25519 -N '' -C vbt-host -f '%s/etc/ssh_host_ed25519_key'",
	    t.base, t.base, t.base) != 0)
		return -1;
	into(t.cli, sizeof(t.cli), "%s/client", env.tmp);
	if (h_sh("install -d -m 0700 '%s' '%s/files'", t.cli, t.cli) != 0)
		return -1;
	for (int c = 0; c < NCARRIERS; c++) {
		/* restrict: no forwarding nor terminal for this key, whatever the server allows. */
		if (h_sh("ssh-keygen -q -t ed25519 -N '' -C 'carrier %s' -f '%s/key_%s' &&"
		    " { printf 'restrict,from=\"127.0.0.1\" '; cat '%s/key_%s.pub'; }"
		    " > '%s/etc/authorized_keys/%s' && chmod 0644 '%s/etc/authorized_keys/%s'",
		    carriers[c], t.cli, carriers[c], t.cli, carriers[c], t.base, t.user[c],
		    t.base, t.user[c]) != 0)
			return -1;
	}
	return 0;
}

/*
 * docs/sshd_config as it is, but for where it listens and finds its files;
 * its group vborder-carriers is this run's.
 */
static int
write_config(void)
{
	const char *docs = fmt("%s/docs/sshd_config", h_root());

	if (!h_exists(docs)) {
		fprintf(stderr, "test_sftp: %s is missing\n", docs);
		return -1;
	}
	return h_sh("{ printf '%%s\\n' '# test_sftp: docs/sshd_config, here on loopback'"
	    " 'Port %d' 'ListenAddress 127.0.0.1'"
	    " 'HostKey %s/etc/ssh_host_ed25519_key' 'PidFile %s/etc/sshd.pid'"
	    " 'AuthorizedKeysFile %s/etc/authorized_keys/%%u';"
	    " sed -E -e '/^[[:space:]]*(Port|ListenAddress|HostKey|PidFile|AuthorizedKeysFile)[[:space:]]/d'"
	    " -e 's/vborder-carriers/%s/g' '%s'; } > '%s/etc/sshd_config' &&"
	    " grep -q '^ChrootDirectory' '%s/etc/sshd_config' &&"
	    " " SSHD " -t -f '%s/etc/sshd_config'",
	    t.port, t.base, t.base, t.base, t.group, docs, t.base, t.base, t.base);
}

static int
start_sshd(void)
{
	const char *log = h_path(&env, "sshd.log");

	/* Debian's sshd wants its privilege separation folder (ssh.service makes it). */
	if (h_sh("test -d /run/sshd || install -d -m 0755 /run/sshd") != 0)
		return -1;
	for (int attempt = 0; attempt < 3; attempt++) {
		char cfg[PATH_MAX];
		char *argv[] = {SSHD, "-D", "-e", "-f", cfg, NULL};

		if ((t.port = free_port()) == -1 || write_config() != 0)
			return -1;
		into(cfg, sizeof(cfg), "%s/etc/sshd_config", t.base);
		if ((t.sshd = spawn(argv, log)) == -1)
			return -1;
		for (int i = 0; i < 400; i++) {
			if (port_open(t.port))
				goto up;
			if (waitpid(t.sshd, NULL, WNOHANG) != 0) {
				t.sshd = 0;
				break;
			}
			pause_ms(50);
		}
		stop(&t.sshd, SIGTERM, 2000);
		(void)h_sh("cat '%s' >&2", log);
	}
	fprintf(stderr, "test_sftp: sshd did not start\n");
	return -1;
up:
	return h_sh("printf '[127.0.0.1]:%d %%s\\n' \"$(cat '%s/etc/ssh_host_ed25519_key.pub')\""
	    " > '%s/known_hosts'", t.port, t.base, t.cli);
}

/* The carriers' files, with the modes their systems gave them. */
static int
carrier_files(void)
{
	const char *e2e = fmt("%s/tests/data/e2e/dropbox/XA/incoming", h_root());
	char big[PATH_MAX];
	size_t len;
	long written = 0;
	char *pax;
	FILE *f;
	int rc = -1;

	if (h_sh("install -m 0644 '%s/XA401-pax.edi' '%s/files/' &&"
	    " install -m 0600 '%s/XA401-crew.edi' '%s/files/' &&"
	    " install -m 0600 '%s/XA401-resent.edi' '%s/files/' &&"
	    " install -m 0644 '%s/XA402-truncated.edi' '%s/files/' &&"
	    " install -m 0644 '%s/tests/data/cargo/fwb-complete.txt' '%s/files/' &&"
	    " echo probe > '%s/files/probe.txt'", e2e, t.cli, e2e, t.cli, e2e,
	    t.cli, e2e, t.cli, h_root(), t.cli, t.cli) != 0)
		return -1;
	/* The large one: a real passenger list, over and over. */
	into(big, sizeof(big), "%s/files/big.edi", t.cli);
	if ((pax = h_read(fmt("%s/XA401-pax.edi", e2e), &len)) == NULL || len == 0 ||
	    (f = fopen(big, "w")) == NULL) {
		free(pax);
		return -1;
	}
	while (written < BIG_BYTES && fwrite(pax, 1, len, f) == len)
		written += (long)len;
	if (fclose(f) == 0 && written >= BIG_BYTES)
		rc = 0;
	free(pax);
	return rc;
}

static void
teardown_all(void)
{
	stop(&t.upload, SIGKILL, 2000);
	stop(&t.sshd, SIGTERM, 5000);
	if (t.svc[0] != '\0')
		remove_user(t.svc);
	for (int c = 0; c < NCARRIERS; c++)
		if (t.user[c][0] != '\0') {
			remove_user(t.user[c]);
			remove_group(t.user[c]);
		}
	if (t.svc[0] != '\0')
		remove_group(t.svc);
	if (t.group[0] != '\0')
		remove_group(t.group);
	if (t.base[0] != '\0')
		(void)h_sh("rm -rf '%s'", t.base);
	t.base[0] = '\0';
	h_env_stop(&env);
}

static int
setup(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	if (!h_exists(SSHD) || !h_exists(SFTP)) {
		fprintf(stderr, "test_sftp: needs Debian's openssh-server and"
		    " openssh-client (make deps)\n");
		return -1;
	}
	sweep_stale();
	if (h_env_start(&env, 1) == -1 || make_base() == -1 ||
	    make_accounts_and_box() == -1 || make_keys() == -1 ||
	    carrier_files() != 0 || start_sshd() != 0) {
		fprintf(stderr, "test_sftp: setup failed\n");
		teardown_all();
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	teardown_all();
	return 0;
}

/* ---- the two sides ------------------------------------------------------- */

/* vborder as cron runs it: as the service account, never root. */
static int vb_service(const char *f, ...) __attribute__((format(printf, 1, 2)));

static int
vb_service(const char *f, ...)
{
	char args[PATH_MAX * 2];
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(args, sizeof(args), f, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(args))
		return -1;
	return h_sh("setpriv --reuid='%s' --regid='%s' --init-groups -- '%s' --db '%s'"
	    " %s >'%s' 2>'%s'", t.svc, t.svc, t.bin, env.conninfo, args, env.out,
	    env.errout);
}

#define VBS(expect, ...) do {					\
	int rc_ = vb_service(__VA_ARGS__);			\
	if (rc_ != (expect))					\
		h_show_stderr(&env);				\
	assert_int_equal(rc_, (expect));			\
} while (0)

/* What `sftp -b` said last time. */
static void
show_sftp(void)
{
	char *s = h_slurp(fmt("%s/sftp.out", t.cli));

	fprintf(stderr, "--- sftp ---\n%s--- sshd (end) ---\n", s != NULL ? s : "");
	free(s);
	(void)h_sh("tail -n 15 '%s' >&2", h_path(&env, "sshd.log"));
}

#define SSH_OPTS "-F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes" \
	" -o IdentityAgent=none -o GlobalKnownHostsFile=/dev/null" \
	" -o StrictHostKeyChecking=yes -o ConnectTimeout=20"

/*
 * `sftp -b` as account user with carrier key's key, the batch's lines given,
 * run from the carriers' files/; its output into sftp.out. Its exit code.
 */
static int
sftp_as(const char *user, int key, const char *batch)
{
	FILE *f;

	if ((f = fopen(fmt("%s/batch", t.cli), "w")) == NULL)
		return -1;
	fputs(batch, f);
	if (fclose(f) != 0)
		return -1;
	return h_sh("cd '%s/files' && " SFTP " " SSH_OPTS " -o UserKnownHostsFile='%s/known_hosts'"
	    " -i '%s/key_%s' -P %d -b '%s/batch' '%s@127.0.0.1' >'%s/sftp.out' 2>&1",
	    t.cli, t.cli, t.cli, carriers[key], t.port, t.cli, user, t.cli);
}

/* Carrier c's batch must go through. */
static void
sftp_ok(int c, const char *batch)
{
	int rc = sftp_as(t.user[c], c, batch);

	if (rc != 0)
		show_sftp();
	assert_int_equal(rc, 0);
}

/*
 * Carrier c, logged in and in /incoming, must be refused cmd: sftp echoes
 * each command of its batch before running it, so "sftp> cmd" then a
 * failure is the refusal itself, not a login that failed first.
 */
static void
refused(int c, const char *cmd)
{
	char batch[512], echo[512];
	char *out;
	int rc, ok;

	into(batch, sizeof(batch), "cd /incoming\n%s\n", cmd);
	into(echo, sizeof(echo), "sftp> %s\n", cmd);
	rc = sftp_as(t.user[c], c, batch);
	out = h_slurp(fmt("%s/sftp.out", t.cli));
	ok = rc == 1 && out != NULL && strstr(out, echo) != NULL;
	if (!ok) {
		fprintf(stderr, "test_sftp: %s's account: expected a refusal of `%s`,"
		    " sftp exit %d\n", carriers[c], cmd, rc);
		show_sftp();
	}
	free(out);
	assert_true(ok);
}

static const char *
ack_status(const char *carrier, const char *file)
{
	static char status[32];
	json_t *a = h_json(box("%s/outbox/%s.ack.json", carrier, file));

	if (a == NULL)
		return "";
	(void)strlcpy(status, json_string_value(json_object_get(a, "status")) != NULL ?
	    json_string_value(json_object_get(a, "status")) : "?", sizeof(status));
	json_decref(a);
	return status;
}

/* ---- the tests ----------------------------------------------------------- */

static void
migrate(void **state)
{
	(void)state;
	VBS(0, "db migrate");
}

/*
 * A complete upload, one under NAME.part that waits for its rename, and one
 * broken off halfway: the run takes only what is complete.
 */
static void
uploads(void **state)
{
	char big[PATH_MAX], opt_kh[PATH_MAX], key[PATH_MAX], port[16],
	    batch[PATH_MAX], dest[64];
	long before, after;

	(void)state;
	into(big, sizeof(big), "%s/XA/incoming/XA404-big.edi.part", t.box);
	/* Uploaded as NAME.part, made readable to the service, not renamed yet. */
	sftp_ok(0, "put XA401-crew.edi XA401-crew.edi.part\nchmod 640 XA401-crew.edi.part\n");
	/* A plain put, complete before the run. */
	sftp_ok(0, "put XA401-pax.edi\nls -l\n");
	/* The whole procedure of docs/sftp.md in one batch. */
	sftp_ok(1, "put fwb-complete.txt fwb-complete.txt.part\n"
	    "chmod 640 fwb-complete.txt.part\n"
	    "rename fwb-complete.txt.part fwb-complete.txt\n");

	/* A large upload, slowed down, running while the job runs. */
	into(opt_kh, sizeof(opt_kh), "UserKnownHostsFile=%s/known_hosts", t.cli);
	into(key, sizeof(key), "%s/key_XA", t.cli);
	into(port, sizeof(port), "%d", t.port);
	into(batch, sizeof(batch), "%s/batch-big", t.cli);
	into(dest, sizeof(dest), "%s@127.0.0.1", t.user[0]);
	assert_int_equal(h_sh("printf 'put %s/files/big.edi XA404-big.edi.part\\n' > '%s'",
	    t.cli, batch), 0);
	{
		char *const a[] = {SFTP, "-F", "/dev/null", "-o", "BatchMode=yes",
		    "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
		    "-o", "GlobalKnownHostsFile=/dev/null",
		    "-o", "StrictHostKeyChecking=yes", "-o", opt_kh, "-i", key,
		    "-P", port, "-l", BIG_RATE, "-b", batch, dest, NULL};

		t.upload = spawn(a, fmt("%s/big.log", t.cli));
	}
	assert_true(t.upload > 0);
	for (int i = 0; i < 300 && size_of(big) <= 0; i++)
		pause_ms(50);
	before = size_of(big);
	if (before <= 0)
		(void)h_sh("cat '%s/big.log' >&2", t.cli);
	assert_true(before > 0);

	VBS(0, NOW " ingest --dropbox '%s'", t.box);
	/* The upload was still running all along. */
	assert_int_equal(waitpid(t.upload, NULL, WNOHANG), 0);

	assert_true(h_exists(box("XA/archive/XA401-pax.edi")));
	assert_false(h_exists(box("XA/incoming/XA401-pax.edi")));
	assert_string_equal(ack_status("XA", "XA401-pax.edi"), "accepted");
	assert_true(h_exists(box("XB/archive/fwb-complete.txt")));
	assert_string_equal(ack_status("XB", "fwb-complete.txt"), "accepted");
	/* Not renamed yet, and still being written: left alone. */
	assert_true(h_exists(box("XA/incoming/XA401-crew.edi.part")));
	assert_false(h_exists(box("XA/outbox/XA401-crew.edi.part.ack.json")));
	assert_true(size_of(big) >= before);
	assert_false(h_exists(box("XA/outbox/XA404-big.edi.part.ack.json")));

	/* The connection breaks: the client dies in the middle of the file. */
	stop(&t.upload, SIGKILL, 2000);
	after = size_of(big);
	for (int i = 0; i < 50; i++) {
		pause_ms(100);
		if (size_of(big) == after)
			break;
		after = size_of(big);
	}
	assert_true(after > 0 && after < BIG_BYTES);

	/* The carrier renames its complete upload; the next run takes it. */
	sftp_ok(0, "rename XA401-crew.edi.part XA401-crew.edi\n");
	VBS(0, NOW " run --dropbox '%s' --out '%s/out'", t.box, t.base);
	assert_true(h_exists(box("XA/archive/XA401-crew.edi")));
	assert_string_equal(ack_status("XA", "XA401-crew.edi"), "accepted");
	{
		json_t *a = h_json(box("XA/outbox/XA401-crew.edi.ack.json"));

		assert_non_null(a);
		assert_int_equal(json_integer_value(json_object_get(a, "crew")), 2);
		json_decref(a);
	}
	/* The broken upload waits, whole as it was left, for its resend. */
	assert_int_equal(size_of(big), after);
	assert_false(h_exists(box("XA/outbox/XA404-big.edi.part.ack.json")));
	assert_int_equal(h_sh("test -z \"$(find '%s' '%s' -mindepth 1)\"",
	    box("XA/processing"), box("XB/processing")), 0);

	/* Each carrier reads its acks, and only its own, in /outbox. */
	sftp_ok(0, "cd /outbox\nls\nget XA401-pax.edi.ack.json\nget XA401-crew.edi.ack.json\n");
	assert_true(h_contains(fmt("%s/files/XA401-pax.edi.ack.json", t.cli), "\"accepted\""));
	assert_true(h_contains(fmt("%s/files/XA401-crew.edi.ack.json", t.cli), "\"accepted\""));
	sftp_ok(1, "get /outbox/fwb-complete.txt.ack.json\n");
	assert_true(h_contains(fmt("%s/files/fwb-complete.txt.ack.json", t.cli), "\"accepted\""));
}

/* A file that cannot be read is quarantined; the carrier reads why. */
static void
rejected(void **state)
{
	(void)state;
	sftp_ok(0, "put XA402-truncated.edi XA402-truncated.edi.part\n"
	    "chmod 640 XA402-truncated.edi.part\n"
	    "rename XA402-truncated.edi.part XA402-truncated.edi\n");
	VBS(65, NOW " ingest --dropbox '%s'", t.box);
	assert_true(h_exists(box("XA/quarantine/XA402-truncated.edi.error.json")));
	assert_string_equal(ack_status("XA", "XA402-truncated.edi"), "rejected");
	sftp_ok(0, "get /outbox/XA402-truncated.edi.ack.json\n");
	assert_true(h_contains(fmt("%s/files/XA402-truncated.edi.ack.json", t.cli),
	    "\"rejected\""));
}

/*
 * OpenSSH's sftp asks for the local file's mode, so a 0600 file arrives
 * 0600 and the service cannot read it. It is never stored nor lost, and
 * the carrier is told why: moved into quarantine/ (a rename needs no read),
 * with a rejection ack naming the permission.
 */
static void
unreadable_upload(void **state)
{
	char path[PATH_MAX];
	int rc;

	(void)state;
	into(path, sizeof(path), "%s/XA/incoming/XA401-resent.edi", t.box);
	sftp_ok(0, "put XA401-resent.edi\n");
	assert_int_equal(size_of(path), 1696);
	rc = vb_service(NOW " ingest --dropbox '%s'", t.box);
	assert_false(h_exists(box("XA/archive/XA401-resent.edi")));
	/* Quarantined, and the carrier is told why, to send it again readable. */
	if (rc != 65)
		h_show_stderr(&env);
	assert_int_equal(rc, 65);
	assert_false(h_exists(path));
	assert_true(h_exists(box("XA/quarantine/XA401-resent.edi")));
	assert_string_equal(ack_status("XA", "XA401-resent.edi"), "rejected");
	assert_true(h_contains(box("XA/outbox/XA401-resent.edi.ack.json"),
	    "ermission denied"));
}

/* XA's account reaches nothing of XB's, nor the service's folders. */
static void
isolation(void **state)
{
	static const char *const xa_refused[] = {
		/* XB's folder, by any name */
		"ls /XB", "ls ../../XB/incoming",
		"get ../../XB/outbox/fwb-complete.txt.ack.json stolen.json",
		"put probe.txt /XB/incoming/probe.txt",
		/* the service's folders: not listed, not read, not written */
		"ls /", "ls /processing", "ls ../archive", "ls /quarantine",
		"get /archive/XA401-pax.edi stolen.edi",
		"get /quarantine/XA402-truncated.edi.error.json stolen.json",
		"put probe.txt /archive/probe.txt",
		/* outbox/ is read-only; the chroot's root and the folders are fixed */
		"put probe.txt /outbox/probe.txt", "rm /outbox/XA401-pax.edi.ack.json",
		"put probe.txt /probe.txt", "chmod 777 /incoming",
		/* no links, no way out of the chroot */
		"symlink /etc/passwd probe-link",
		"ln XA404-big.edi.part probe-hardlink",
		"get /etc/passwd stolen-passwd",
	};
	static const char *const xb_refused[] = {
		"ls ../../XA/incoming",
		"get ../../XA/outbox/XA401-pax.edi.ack.json stolen.json",
		"put probe.txt ../../XA/incoming/probe.txt",
	};

	(void)state;
	/* What it may do, for a start. */
	sftp_ok(0, "pwd\nls\ncd /outbox\nls -l\n");
	for (size_t i = 0; i < sizeof(xa_refused) / sizeof(xa_refused[0]); i++)
		refused(0, xa_refused[i]);
	for (size_t i = 0; i < sizeof(xb_refused) / sizeof(xb_refused[0]); i++)
		refused(1, xb_refused[i]);
	/* Refused means nothing happened either. */
	assert_int_equal(h_sh("test -z \"$(find '%s' -name 'probe*')\" &&"
	    " test -z \"$(find '%s/files' -name 'stolen*')\"", t.box, t.cli), 0);
	assert_true(h_exists(box("XA/outbox/XA401-pax.edi.ack.json")));

	/*
	 * Beyond the chroot, the file system says the same (a second line of
	 * defence): XA's account cannot read XB's ack, the service can.
	 */
	assert_int_not_equal(h_sh("setpriv --reuid='%s' --regid='%s' --init-groups --"
	    " cat '%s' >/dev/null 2>&1", t.user[0], t.user[0],
	    box("XB/outbox/fwb-complete.txt.ack.json")), 0);
	assert_int_not_equal(h_sh("setpriv --reuid='%s' --regid='%s' --init-groups --"
	    " ls '%s' >/dev/null 2>&1", t.user[0], t.user[0], box("XA/archive")), 0);
	assert_int_equal(h_sh("setpriv --reuid='%s' --regid='%s' --init-groups --"
	    " cat '%s' >/dev/null", t.svc, t.svc,
	    box("XB/outbox/fwb-complete.txt.ack.json")), 0);
}

/* Keys are per account; no password; no shell, command or forwarding. */
static void
nothing_but_sftp(void **state)
{
	char out[PATH_MAX], ssh[PATH_MAX * 2];
	int rc;

	(void)state;
	into(out, sizeof(out), "%s/ssh.out", t.cli);
	into(ssh, sizeof(ssh), "ssh " SSH_OPTS " -o UserKnownHostsFile='%s/known_hosts'"
	    " -p %d", t.cli, t.port);
	/* XA's key does not open XB's account. */
	assert_int_not_equal(sftp_as(t.user[1], 0, "ls\n"), 0);
	assert_true(h_contains(fmt("%s/sftp.out", t.cli), "Permission denied"));
	/* No password is even asked for. */
	assert_int_equal(h_sh("ssh " SSH_OPTS " -o UserKnownHostsFile='%s/known_hosts'"
	    " -p %d -o PubkeyAuthentication=no '%s@127.0.0.1' true >'%s' 2>&1",
	    t.cli, t.port, t.user[0], out), 255);
	assert_true(h_contains(out, "Permission denied (publickey)"));
	/* A command gets the SFTP server, not a shell. */
	rc = h_sh("%s -i '%s/key_XA' '%s@127.0.0.1' 'echo shell-$((6*7))'"
	    " </dev/null >'%s' 2>&1", ssh, t.cli, t.user[0], out);
	if (rc != 1 || !h_contains(out, "allows sftp connections only"))
		(void)h_sh("cat '%s' >&2; tail -n 15 '%s' >&2", out, h_path(&env, "sshd.log"));
	assert_int_equal(rc, 1);
	assert_true(h_contains(out, "allows sftp connections only"));
	assert_false(h_contains(out, "shell-42"));
	/* No forwarding: not a way into the agency's network. */
	assert_int_not_equal(h_sh("%s -i '%s/key_XA' -W 127.0.0.1:%d '%s@127.0.0.1'"
	    " </dev/null >'%s' 2>&1", ssh, t.cli, t.port, t.user[0], out), 0);
	assert_false(h_contains(out, "SSH-2.0"));
}

/* Without root and without sudo, say so and fail: never pass unchecked. */
static void
needs_root(void **state)
{
	(void)state;
	fail_msg("test_sftp needs root: sshd's ChrootDirectory and real system"
	    " accounts (useradd). Run `make check` as root, as CI does, or give"
	    " this user passwordless sudo.");
}

/* Runs this binary again as root through `sudo -n`, with the environment it has. */
static int
again_with_sudo(void)
{
	char exe[PATH_MAX];
	char **argv;
	size_t n = 0, k = 0;
	ssize_t len;

	if (h_sh("sudo -n true >/dev/null 2>&1") != 0 ||
	    (len = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return -1;
	exe[len] = '\0';
	while (environ[n] != NULL)
		n++;
	if ((argv = calloc(n + 6, sizeof(*argv))) == NULL)
		return -1;
	argv[k++] = "sudo";
	argv[k++] = "-n";
	argv[k++] = "--";
	argv[k++] = "env";
	for (size_t i = 0; i < n; i++)
		argv[k++] = environ[i];
	argv[k++] = exe;
	argv[k] = NULL;
	fflush(NULL);
	execvp("sudo", argv);
	free(argv);
	return -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrate),
		cmocka_unit_test(uploads),
		cmocka_unit_test(rejected),
		cmocka_unit_test(unreadable_upload),
		cmocka_unit_test(isolation),
		cmocka_unit_test(nothing_but_sftp),
	};
	const struct CMUnitTest no_root[] = {
		cmocka_unit_test(needs_root),
	};

	if (geteuid() != 0) {
		(void)again_with_sudo();
		return cmocka_run_group_tests_name("sftp", no_root, NULL, NULL);
	}
	return cmocka_run_group_tests_name("sftp", tests, setup, teardown);
}

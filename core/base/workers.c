#include "workers.h"

#include <pthread.h>
#include <unistd.h>

static int
workers_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > WORKERS_MAX ? WORKERS_MAX : (int)n;
}

void
workers_run(void *(*fn)(void *), void *arg)
{
	pthread_t t[WORKERS_MAX];
	int started = 0, want = workers_count();

	while (started < want - 1 &&
	    pthread_create(&t[started], NULL, fn, arg) == 0)
		started++;
	(void)fn(arg);
	for (int i = 0; i < started; i++)
		(void)pthread_join(t[i], NULL);
}

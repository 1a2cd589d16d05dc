/*
 * Work shared by every core: fn(arg) runs on one thread per online core
 * (at most WORKERS_MAX), the caller's included, and workers_run returns
 * when all have. fn takes its units from arg itself (an atomic counter), so
 * a thread that cannot start only leaves its share to the others.
 */
#ifndef VB_WORKERS_H
#define VB_WORKERS_H

#define WORKERS_MAX	8

void workers_run(void *(*fn)(void *), void *arg);

#endif

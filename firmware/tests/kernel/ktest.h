/* ktest.h - shared by the kernel test image's files: result reporting and task creation. */
#ifndef KTEST_H
#define KTEST_H

#include <ucos_ii.h>

/* Counts and prints one result: `PASS name` or `FAIL name: detail (v)`. */
void kt_result(const char *name, int ok, const char *detail, int v);
#define CHECK(name, cond, v) kt_result(name, (cond), #cond, (int)(v))

/* Creates a task with stack checking, named `name`, on the `n`-word stack `stk`. */
INT8U kt_task(void (*fn)(void *), void *arg, OS_STK *stk, INT32U n, INT8U prio, const char *name);

/* ktest_event.c: pend abort, delete with waiters, broadcast posts and the event free list of
 * semaphores, mailboxes, queues and mutexes. */
void test_events(void);
void test_event_args(void);

/* ktest_mutex.c: a mutex owner's priority raised while it has timed out but not run, and restored
 * while it sleeps when the mutex is deleted. */
void test_mutex_owner_states(void);

#endif

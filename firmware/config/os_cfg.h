/* os_cfg.h - kernel configuration (uC/OS-II 2.93 switch names). Every switch must be defined:
 * ucos_ii.h stops the build with #error when one is missing. */
#ifndef OS_CFG_H
#define OS_CFG_H

/* ---- miscellaneous ---- */
#define OS_APP_HOOKS_EN           1u   /* call App_*Hook() from the port's hooks                */
#define OS_ARG_CHK_EN             1u   /* check arguments of services                             */
#define OS_CPU_HOOKS_EN           1u   /* the port (os_cpu_c.c) provides the OS*Hook() functions  */
#define OS_DEBUG_EN               0u   /* debug variables (not used)                              */
#define OS_EVENT_MULTI_EN         0u   /* OSEventPendMulti() (not provided)                       */
#define OS_EVENT_NAME_EN          1u   /* names for events                                        */
#define OS_LOWEST_PRIO           63u   /* lowest priority; idle task = 63, statistics = 62       */
#define OS_MAX_EVENTS            32u   /* ECBs (semaphores, mutexes, mailboxes, queues)          */
#define OS_MAX_FLAGS              8u   /* event flag groups                                       */
#define OS_MAX_MEM_PART           8u   /* memory partitions                                       */
#define OS_MAX_QS                 8u   /* message queues                                          */
#define OS_MAX_TASKS             24u   /* application tasks (idle and statistics come on top)    */
#define OS_SCHED_LOCK_EN          1u   /* OSSchedLock()/OSSchedUnlock()                           */
#define OS_TICK_STEP_EN           0u   /* uC/OS-View tick stepping (not provided)                 */
#define OS_TICKS_PER_SEC       1000u   /* system tick rate (BSP_TickInit uses it)                 */
#define OS_TLS_TBL_SIZE           0u   /* thread-local storage (not provided)                     */

/* ---- task stack sizes (in OS_STK units, 4 bytes) ---- */
#define OS_TASK_TMR_STK_SIZE    256u
#define OS_TASK_STAT_STK_SIZE   256u
#define OS_TASK_IDLE_STK_SIZE   128u

/* ---- task management ---- */
#define OS_TASK_CHANGE_PRIO_EN    1u
#define OS_TASK_CREATE_EN         1u
#define OS_TASK_CREATE_EXT_EN     1u
#define OS_TASK_DEL_EN            1u
#define OS_TASK_NAME_EN           1u
#define OS_TASK_PROFILE_EN        1u   /* per-task context-switch counter                         */
#define OS_TASK_QUERY_EN          1u
#define OS_TASK_REG_TBL_SIZE      1u   /* task registers                                          */
#define OS_TASK_STAT_EN           1u   /* statistics task (CPU usage)                             */
#define OS_TASK_STAT_STK_CHK_EN   1u   /* the statistics task checks every stack                  */
#define OS_TASK_SUSPEND_EN        1u
#define OS_TASK_SW_HOOK_EN        1u

/* ---- event flags ---- */
#define OS_FLAG_EN                1u
#define OS_FLAG_ACCEPT_EN         1u
#define OS_FLAG_DEL_EN            1u
#define OS_FLAG_NAME_EN           1u
#define OS_FLAG_QUERY_EN          1u
#define OS_FLAG_WAIT_CLR_EN       1u
#define OS_FLAGS_NBITS           32u   /* OS_FLAGS is INT32U                                      */

/* ---- message mailboxes ---- */
#define OS_MBOX_EN                1u
#define OS_MBOX_ACCEPT_EN         1u
#define OS_MBOX_DEL_EN            1u
#define OS_MBOX_PEND_ABORT_EN     1u
#define OS_MBOX_POST_EN           1u
#define OS_MBOX_POST_OPT_EN       1u
#define OS_MBOX_QUERY_EN          1u

/* ---- memory management ---- */
#define OS_MEM_EN                 1u
#define OS_MEM_NAME_EN            1u
#define OS_MEM_QUERY_EN           1u

/* ---- mutual exclusion semaphores ---- */
#define OS_MUTEX_EN               1u
#define OS_MUTEX_ACCEPT_EN        1u
#define OS_MUTEX_DEL_EN           1u
#define OS_MUTEX_QUERY_EN         1u

/* ---- message queues ---- */
#define OS_Q_EN                   1u
#define OS_Q_ACCEPT_EN            1u
#define OS_Q_DEL_EN               1u
#define OS_Q_FLUSH_EN             1u
#define OS_Q_PEND_ABORT_EN        1u
#define OS_Q_POST_EN              1u
#define OS_Q_POST_FRONT_EN        1u
#define OS_Q_POST_OPT_EN          1u
#define OS_Q_QUERY_EN             1u

/* ---- semaphores ---- */
#define OS_SEM_EN                 1u
#define OS_SEM_ACCEPT_EN          1u
#define OS_SEM_DEL_EN             1u
#define OS_SEM_PEND_ABORT_EN      1u
#define OS_SEM_QUERY_EN           1u
#define OS_SEM_SET_EN             1u

/* ---- time management ---- */
#define OS_TIME_DLY_HMSM_EN       1u
#define OS_TIME_DLY_RESUME_EN     1u
#define OS_TIME_GET_SET_EN        1u
#define OS_TIME_TICK_HOOK_EN      1u

/* ---- timers (not provided by this kernel; keep disabled) ---- */
#define OS_TMR_EN                 0u
#define OS_TMR_CFG_MAX           16u
#define OS_TMR_CFG_NAME_EN        0u
#define OS_TMR_CFG_WHEEL_SIZE     8u
#define OS_TMR_CFG_TICKS_PER_SEC 10u

#endif

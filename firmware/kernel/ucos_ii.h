/* ucos_ii.h - public interface of the Whorl kernel, written to the uC/OS-II 2.93 API: the same
 * names, types, option values and OS_ERR_* codes, so that the application, the port and the board
 * code compile unchanged against upstream uC/OS-II 2.93 Source/ files. */
#ifndef OS_uCOS_II_H
#define OS_uCOS_II_H

#ifdef __cplusplus
extern "C" {
#endif

#define OS_VERSION 293u /* 2.93 API */

#include <app_cfg.h>
#include <os_cfg.h>
#include <os_cpu.h>

/* ---- configuration checks: every switch must exist ---- */
#ifndef OS_LOWEST_PRIO
#error "OS_CFG.H, Missing OS_LOWEST_PRIO"
#endif
#if OS_LOWEST_PRIO > 63u
#error "OS_CFG.H, this kernel supports at most 64 priorities (OS_LOWEST_PRIO <= 63)"
#endif
#ifndef OS_MAX_TASKS
#error "OS_CFG.H, Missing OS_MAX_TASKS"
#endif
#ifndef OS_MAX_EVENTS
#error "OS_CFG.H, Missing OS_MAX_EVENTS"
#endif
#ifndef OS_TICKS_PER_SEC
#error "OS_CFG.H, Missing OS_TICKS_PER_SEC"
#endif
#ifndef OS_ARG_CHK_EN
#error "OS_CFG.H, Missing OS_ARG_CHK_EN"
#endif
#ifndef OS_CPU_HOOKS_EN
#error "OS_CFG.H, Missing OS_CPU_HOOKS_EN"
#endif
#ifndef OS_APP_HOOKS_EN
#error "OS_CFG.H, Missing OS_APP_HOOKS_EN"
#endif
#ifndef OS_SCHED_LOCK_EN
#error "OS_CFG.H, Missing OS_SCHED_LOCK_EN"
#endif
#ifndef OS_TASK_STAT_EN
#error "OS_CFG.H, Missing OS_TASK_STAT_EN"
#endif
#ifndef OS_TASK_STAT_STK_CHK_EN
#error "OS_CFG.H, Missing OS_TASK_STAT_STK_CHK_EN"
#endif
#ifndef OS_TASK_CREATE_EXT_EN
#error "OS_CFG.H, Missing OS_TASK_CREATE_EXT_EN"
#endif
#ifndef OS_TASK_NAME_EN
#error "OS_CFG.H, Missing OS_TASK_NAME_EN"
#endif
#ifndef OS_EVENT_NAME_EN
#error "OS_CFG.H, Missing OS_EVENT_NAME_EN"
#endif
#ifndef OS_TASK_PROFILE_EN
#error "OS_CFG.H, Missing OS_TASK_PROFILE_EN"
#endif
#ifndef OS_TASK_REG_TBL_SIZE
#error "OS_CFG.H, Missing OS_TASK_REG_TBL_SIZE"
#endif
#if !defined(OS_SEM_EN) || !defined(OS_MUTEX_EN) || !defined(OS_Q_EN) || !defined(OS_MBOX_EN) || \
    !defined(OS_FLAG_EN) || !defined(OS_MEM_EN) || !defined(OS_TIME_DLY_HMSM_EN) || !defined(OS_TMR_EN)
#error "OS_CFG.H, Missing a service switch (OS_SEM_EN, OS_MUTEX_EN, OS_Q_EN, OS_MBOX_EN, OS_FLAG_EN, OS_MEM_EN, OS_TIME_DLY_HMSM_EN, OS_TMR_EN)"
#endif
#if OS_TMR_EN > 0u
#error "OS_CFG.H, OS_TMR_EN: software timers are not provided by this kernel"
#endif
#if OS_EVENT_MULTI_EN > 0u
#error "OS_CFG.H, OS_EVENT_MULTI_EN: OSEventPendMulti() is not provided by this kernel"
#endif

/* ---- miscellaneous ---- */
#ifdef OS_GLOBALS
#define OS_EXT
#else
#define OS_EXT extern
#endif

#ifndef OS_FALSE
#define OS_FALSE 0u
#endif
#ifndef OS_TRUE
#define OS_TRUE 1u
#endif

#define OS_ASCII_NUL (INT8U)0

#define OS_PRIO_SELF 0xFFu                   /* "the calling task"                            */
#define OS_PRIO_MUTEX_CEIL_DIS 0xFFu         /* mutex without priority ceiling/inheritance    */

#if OS_TASK_STAT_EN > 0u
#define OS_N_SYS_TASKS 2u
#else
#define OS_N_SYS_TASKS 1u
#endif

#define OS_TASK_STAT_PRIO (OS_LOWEST_PRIO - 1u)
#define OS_TASK_IDLE_PRIO (OS_LOWEST_PRIO)

#define OS_EVENT_TBL_SIZE ((OS_LOWEST_PRIO) / 8u + 1u)
#define OS_RDY_TBL_SIZE ((OS_LOWEST_PRIO) / 8u + 1u)

#define OS_TASK_IDLE_ID 65535u
#define OS_TASK_STAT_ID 65534u
#define OS_TASK_TMR_ID 65533u

#define OS_TCB_RESERVED ((OS_TCB *)1)

/* ---- task status (OSTCBStat) ---- */
#define OS_STAT_RDY 0x00u
#define OS_STAT_SEM 0x01u
#define OS_STAT_MBOX 0x02u
#define OS_STAT_Q 0x04u
#define OS_STAT_SUSPEND 0x08u
#define OS_STAT_MUTEX 0x10u
#define OS_STAT_FLAG 0x20u
#define OS_STAT_MULTI 0x80u
#define OS_STAT_PEND_ANY (OS_STAT_SEM | OS_STAT_MBOX | OS_STAT_Q | OS_STAT_MUTEX | OS_STAT_FLAG)

/* ---- pend status (OSTCBStatPend) ---- */
#define OS_STAT_PEND_OK 0u
#define OS_STAT_PEND_TO 1u
#define OS_STAT_PEND_ABORT 2u

/* ---- event types ---- */
#define OS_EVENT_TYPE_UNUSED 0u
#define OS_EVENT_TYPE_MBOX 1u
#define OS_EVENT_TYPE_Q 2u
#define OS_EVENT_TYPE_SEM 3u
#define OS_EVENT_TYPE_MUTEX 4u
#define OS_EVENT_TYPE_FLAG 5u
#define OS_TMR_TYPE 100u

/* ---- event flags ---- */
#define OS_FLAG_WAIT_CLR_ALL 0u
#define OS_FLAG_WAIT_CLR_AND 0u
#define OS_FLAG_WAIT_CLR_ANY 1u
#define OS_FLAG_WAIT_CLR_OR 1u
#define OS_FLAG_WAIT_SET_ALL 2u
#define OS_FLAG_WAIT_SET_AND 2u
#define OS_FLAG_WAIT_SET_ANY 3u
#define OS_FLAG_WAIT_SET_OR 3u
#define OS_FLAG_CONSUME 0x80u
#define OS_FLAG_CLR 0u
#define OS_FLAG_SET 1u

/* ---- options ---- */
#define OS_DEL_NO_PEND 0u
#define OS_DEL_ALWAYS 1u
#define OS_PEND_OPT_NONE 0u
#define OS_PEND_OPT_BROADCAST 1u
#define OS_POST_OPT_NONE 0x00u
#define OS_POST_OPT_BROADCAST 0x01u
#define OS_POST_OPT_FRONT 0x02u
#define OS_POST_OPT_NO_SCHED 0x04u
#define OS_TASK_OPT_NONE 0x0000u
#define OS_TASK_OPT_STK_CHK 0x0001u
#define OS_TASK_OPT_STK_CLR 0x0002u
#define OS_TASK_OPT_SAVE_FP 0x0004u
#define OS_TASK_OPT_NO_TLS 0x0008u

#define OS_TASK_DEL_REQ_NONE 0u /* internal marker: no delete request */

/* ---- error codes ---- */
#define OS_ERR_NONE 0u
#define OS_ERR_EVENT_TYPE 1u
#define OS_ERR_PEND_ISR 2u
#define OS_ERR_POST_NULL_PTR 3u
#define OS_ERR_PEVENT_NULL 4u
#define OS_ERR_POST_ISR 5u
#define OS_ERR_QUERY_ISR 6u
#define OS_ERR_INVALID_OPT 7u
#define OS_ERR_ID_INVALID 8u
#define OS_ERR_PDATA_NULL 9u
#define OS_ERR_TIMEOUT 10u
#define OS_ERR_EVENT_NAME_TOO_LONG 11u
#define OS_ERR_PNAME_NULL 12u
#define OS_ERR_PEND_LOCKED 13u
#define OS_ERR_PEND_ABORT 14u
#define OS_ERR_DEL_ISR 15u
#define OS_ERR_CREATE_ISR 16u
#define OS_ERR_NAME_GET_ISR 17u
#define OS_ERR_NAME_SET_ISR 18u
#define OS_ERR_ILLEGAL_CREATE_RUN_TIME 19u
#define OS_ERR_MBOX_FULL 20u
#define OS_ERR_ILLEGAL_DEL_RUN_TIME 21u
#define OS_ERR_Q_FULL 30u
#define OS_ERR_Q_EMPTY 31u
#define OS_ERR_PRIO_EXIST 40u
#define OS_ERR_PRIO 41u
#define OS_ERR_PRIO_INVALID 42u
#define OS_ERR_SCHED_LOCKED 50u
#define OS_ERR_SEM_OVF 51u
#define OS_ERR_TASK_CREATE_ISR 60u
#define OS_ERR_TASK_DEL 61u
#define OS_ERR_TASK_DEL_IDLE 62u
#define OS_ERR_TASK_DEL_REQ 63u
#define OS_ERR_TASK_DEL_ISR 64u
#define OS_ERR_TASK_NAME_TOO_LONG 65u
#define OS_ERR_TASK_NO_MORE_TCB 66u
#define OS_ERR_TASK_NOT_EXIST 67u
#define OS_ERR_TASK_NOT_SUSPENDED 68u
#define OS_ERR_TASK_OPT 69u
#define OS_ERR_TASK_RESUME_PRIO 70u
#define OS_ERR_TASK_SUSPEND_IDLE 71u
#define OS_ERR_TASK_SUSPEND_PRIO 72u
#define OS_ERR_TASK_WAITING 73u
#define OS_ERR_TIME_NOT_DLY 80u
#define OS_ERR_TIME_INVALID_MINUTES 81u
#define OS_ERR_TIME_INVALID_SECONDS 82u
#define OS_ERR_TIME_INVALID_MS 83u
#define OS_ERR_TIME_ZERO_DLY 84u
#define OS_ERR_TIME_DLY_ISR 85u
#define OS_ERR_MEM_INVALID_PART 90u
#define OS_ERR_MEM_INVALID_BLKS 91u
#define OS_ERR_MEM_INVALID_SIZE 92u
#define OS_ERR_MEM_NO_FREE_BLKS 93u
#define OS_ERR_MEM_FULL 94u
#define OS_ERR_MEM_INVALID_PBLK 95u
#define OS_ERR_MEM_INVALID_PMEM 96u
#define OS_ERR_MEM_INVALID_PDATA 97u
#define OS_ERR_MEM_INVALID_ADDR 98u
#define OS_ERR_MEM_NAME_TOO_LONG 99u
#define OS_ERR_NOT_MUTEX_OWNER 100u
#define OS_ERR_FLAG_INVALID_PGRP 110u
#define OS_ERR_FLAG_WAIT_TYPE 111u
#define OS_ERR_FLAG_NOT_RDY 112u
#define OS_ERR_FLAG_INVALID_OPT 113u
#define OS_ERR_FLAG_GRP_DEPLETED 114u
#define OS_ERR_FLAG_NAME_TOO_LONG 115u
#define OS_ERR_PCP_LOWER 120u
#define OS_ERR_NO_MORE_ID_AVAIL 150u

/* ---- types ---- */
#if OS_LOWEST_PRIO <= 63u
typedef INT8U OS_PRIO;
#else
typedef INT16U OS_PRIO;
#endif

typedef INT32U OS_FLAGS;

typedef struct os_event {
    INT8U OSEventType;                    /* OS_EVENT_TYPE_*                                   */
    void *OSEventPtr;                     /* free-list link, message, queue control, owner TCB */
    INT16U OSEventCnt;                    /* semaphore count; mutex: PIP << 8 | owner prio     */
    OS_PRIO OSEventGrp;                   /* group of the wait list                            */
    OS_PRIO OSEventTbl[OS_EVENT_TBL_SIZE];/* wait list                                         */
#if OS_EVENT_NAME_EN > 0u
    INT8U *OSEventName;
#endif
} OS_EVENT;

#if OS_FLAG_EN > 0u
typedef struct os_flag_grp {
    INT8U OSFlagType;                     /* OS_EVENT_TYPE_FLAG                                */
    void *OSFlagWaitList;                 /* first OS_FLAG_NODE waiting                        */
    OS_FLAGS OSFlagFlags;                 /* current flags                                     */
#if OS_FLAG_NAME_EN > 0u
    INT8U *OSFlagName;
#endif
} OS_FLAG_GRP;

typedef struct os_flag_node {
    void *OSFlagNodeNext;
    void *OSFlagNodePrev;
    void *OSFlagNodeTCB;
    void *OSFlagNodeFlagGrp;
    OS_FLAGS OSFlagNodeFlags;
    INT8U OSFlagNodeWaitType;
} OS_FLAG_NODE;
#endif

#if OS_MEM_EN > 0u
typedef struct os_mem {
    void *OSMemAddr;                      /* start of the partition                            */
    void *OSMemFreeList;                  /* first free block                                  */
    INT32U OSMemBlkSize;
    INT32U OSMemNBlks;
    INT32U OSMemNFree;
#if OS_MEM_NAME_EN > 0u
    INT8U *OSMemName;
#endif
} OS_MEM;

typedef struct os_mem_data {
    void *OSAddr;
    void *OSFreeList;
    INT32U OSBlkSize;
    INT32U OSNBlks;
    INT32U OSNFree;
    INT32U OSNUsed;
} OS_MEM_DATA;
#endif

#if OS_MBOX_EN > 0u
typedef struct os_mbox_data {
    void *OSMsg;
    OS_PRIO OSEventTbl[OS_EVENT_TBL_SIZE];
    OS_PRIO OSEventGrp;
} OS_MBOX_DATA;
#endif

#if OS_MUTEX_EN > 0u
typedef struct os_mutex_data {
    OS_PRIO OSEventTbl[OS_EVENT_TBL_SIZE];
    OS_PRIO OSEventGrp;
    BOOLEAN OSValue;                      /* OS_TRUE: available                               */
    INT8U OSOwnerPrio;
    INT8U OSMutexPIP;
} OS_MUTEX_DATA;
#endif

#if OS_Q_EN > 0u
typedef struct os_q {
    struct os_q *OSQPtr;                  /* free-list link                                    */
    void **OSQStart;
    void **OSQEnd;
    void **OSQIn;
    void **OSQOut;
    INT16U OSQSize;
    INT16U OSQEntries;
} OS_Q;

typedef struct os_q_data {
    void *OSMsg;
    INT16U OSNMsgs;
    INT16U OSQSize;
    OS_PRIO OSEventTbl[OS_EVENT_TBL_SIZE];
    OS_PRIO OSEventGrp;
} OS_Q_DATA;
#endif

#if OS_SEM_EN > 0u
typedef struct os_sem_data {
    INT16U OSCnt;
    OS_PRIO OSEventTbl[OS_EVENT_TBL_SIZE];
    OS_PRIO OSEventGrp;
} OS_SEM_DATA;
#endif

#if OS_TASK_CREATE_EXT_EN > 0u
typedef struct os_stk_data {
    INT32U OSFree;                        /* free bytes on the stack                           */
    INT32U OSUsed;                        /* used bytes                                        */
} OS_STK_DATA;
#endif

typedef struct os_tcb {
    OS_STK *OSTCBStkPtr;                  /* MUST stay first: the port saves the SP here       */
#if OS_TASK_CREATE_EXT_EN > 0u
    void *OSTCBExtPtr;
    OS_STK *OSTCBStkBottom;
    INT32U OSTCBStkSize;                  /* in OS_STK units                                   */
    INT16U OSTCBOpt;
    INT16U OSTCBId;
#endif
    struct os_tcb *OSTCBNext;
    struct os_tcb *OSTCBPrev;
#if (OS_Q_EN > 0u) || (OS_MBOX_EN > 0u) || (OS_SEM_EN > 0u) || (OS_MUTEX_EN > 0u)
    OS_EVENT *OSTCBEventPtr;
#endif
#if ((OS_Q_EN > 0u) && (OS_MAX_QS > 0u)) || (OS_MBOX_EN > 0u)
    void *OSTCBMsg;
#endif
#if OS_FLAG_EN > 0u
    OS_FLAG_NODE *OSTCBFlagNode;
    OS_FLAGS OSTCBFlagsRdy;
#endif
    INT32U OSTCBDly;
    INT8U OSTCBStat;
    INT8U OSTCBStatPend;
    INT8U OSTCBPrio;
    INT8U OSTCBX;
    INT8U OSTCBY;
    OS_PRIO OSTCBBitX;
    OS_PRIO OSTCBBitY;
#if OS_TASK_DEL_EN > 0u
    INT8U OSTCBDelReq;
#endif
#if OS_TASK_PROFILE_EN > 0u
    INT32U OSTCBCtxSwCtr;
    INT32U OSTCBCyclesTot;
    INT32U OSTCBCyclesStart;
    OS_STK *OSTCBStkBase;
    INT32U OSTCBStkUsed;
#endif
#if OS_TASK_NAME_EN > 0u
    INT8U *OSTCBTaskName;
#endif
#if OS_TASK_REG_TBL_SIZE > 0u
    INT32U OSTCBRegTbl[OS_TASK_REG_TBL_SIZE];
#endif
} OS_TCB;

/* ---- global variables ---- */
OS_EXT INT32U OSCtxSwCtr;
OS_EXT OS_EVENT *OSEventFreeList;
OS_EXT OS_EVENT OSEventTbl[OS_MAX_EVENTS];
#if OS_FLAG_EN > 0u
OS_EXT OS_FLAG_GRP OSFlagTbl[OS_MAX_FLAGS];
OS_EXT OS_FLAG_GRP *OSFlagFreeList;
#endif
#if OS_TASK_STAT_EN > 0u
OS_EXT INT8U OSCPUUsage;
OS_EXT INT32U OSIdleCtrMax;
OS_EXT INT32U OSIdleCtrRun;
OS_EXT BOOLEAN OSStatRdy;
OS_EXT OS_STK OSTaskStatStk[OS_TASK_STAT_STK_SIZE];
#endif
OS_EXT INT8U OSIntNesting;
OS_EXT INT8U OSLockNesting;
OS_EXT INT8U OSPrioCur;
OS_EXT INT8U OSPrioHighRdy;
OS_EXT OS_PRIO OSRdyGrp;
OS_EXT OS_PRIO OSRdyTbl[OS_RDY_TBL_SIZE];
OS_EXT BOOLEAN OSRunning;
OS_EXT INT8U OSTaskCtr;
OS_EXT volatile INT32U OSIdleCtr;
OS_EXT OS_STK OSTaskIdleStk[OS_TASK_IDLE_STK_SIZE];
OS_EXT OS_TCB *OSTCBCur;
OS_EXT OS_TCB *OSTCBFreeList;
OS_EXT OS_TCB *OSTCBHighRdy;
OS_EXT OS_TCB *OSTCBList;
OS_EXT OS_TCB *OSTCBPrioTbl[OS_LOWEST_PRIO + 1u];
OS_EXT OS_TCB OSTCBTbl[OS_MAX_TASKS + OS_N_SYS_TASKS];
#if OS_TICK_STEP_EN > 0u
OS_EXT INT8U OSTickStepState;
#endif
#if (OS_MEM_EN > 0u) && (OS_MAX_MEM_PART > 0u)
OS_EXT OS_MEM *OSMemFreeList;
OS_EXT OS_MEM OSMemTbl[OS_MAX_MEM_PART];
#endif
#if (OS_Q_EN > 0u) && (OS_MAX_QS > 0u)
OS_EXT OS_Q *OSQFreeList;
OS_EXT OS_Q OSQTbl[OS_MAX_QS];
#endif
#if OS_TIME_GET_SET_EN > 0u
OS_EXT volatile INT32U OSTime;
#endif

extern INT8U const OSUnMapTbl[256];

/* ---- event flags ---- */
#if OS_FLAG_EN > 0u
#if OS_FLAG_ACCEPT_EN > 0u
OS_FLAGS OSFlagAccept(OS_FLAG_GRP *pgrp, OS_FLAGS flags, INT8U wait_type, INT8U *perr);
#endif
OS_FLAG_GRP *OSFlagCreate(OS_FLAGS flags, INT8U *perr);
#if OS_FLAG_DEL_EN > 0u
OS_FLAG_GRP *OSFlagDel(OS_FLAG_GRP *pgrp, INT8U opt, INT8U *perr);
#endif
#if OS_FLAG_NAME_EN > 0u
INT8U OSFlagNameGet(OS_FLAG_GRP *pgrp, INT8U **pname, INT8U *perr);
void OSFlagNameSet(OS_FLAG_GRP *pgrp, INT8U *pname, INT8U *perr);
#endif
OS_FLAGS OSFlagPend(OS_FLAG_GRP *pgrp, OS_FLAGS flags, INT8U wait_type, INT32U timeout, INT8U *perr);
OS_FLAGS OSFlagPendGetFlagsRdy(void);
OS_FLAGS OSFlagPost(OS_FLAG_GRP *pgrp, OS_FLAGS flags, INT8U opt, INT8U *perr);
#if OS_FLAG_QUERY_EN > 0u
OS_FLAGS OSFlagQuery(OS_FLAG_GRP *pgrp, INT8U *perr);
#endif
#endif

/* ---- mailboxes ---- */
#if OS_MBOX_EN > 0u
#if OS_MBOX_ACCEPT_EN > 0u
void *OSMboxAccept(OS_EVENT *pevent);
#endif
OS_EVENT *OSMboxCreate(void *pmsg);
#if OS_MBOX_DEL_EN > 0u
OS_EVENT *OSMboxDel(OS_EVENT *pevent, INT8U opt, INT8U *perr);
#endif
void *OSMboxPend(OS_EVENT *pevent, INT32U timeout, INT8U *perr);
#if OS_MBOX_PEND_ABORT_EN > 0u
INT8U OSMboxPendAbort(OS_EVENT *pevent, INT8U opt, INT8U *perr);
#endif
#if OS_MBOX_POST_EN > 0u
INT8U OSMboxPost(OS_EVENT *pevent, void *pmsg);
#endif
#if OS_MBOX_POST_OPT_EN > 0u
INT8U OSMboxPostOpt(OS_EVENT *pevent, void *pmsg, INT8U opt);
#endif
#if OS_MBOX_QUERY_EN > 0u
INT8U OSMboxQuery(OS_EVENT *pevent, OS_MBOX_DATA *p_mbox_data);
#endif
#endif

/* ---- memory partitions ---- */
#if (OS_MEM_EN > 0u) && (OS_MAX_MEM_PART > 0u)
OS_MEM *OSMemCreate(void *addr, INT32U nblks, INT32U blksize, INT8U *perr);
void *OSMemGet(OS_MEM *pmem, INT8U *perr);
#if OS_MEM_NAME_EN > 0u
INT8U OSMemNameGet(OS_MEM *pmem, INT8U **pname, INT8U *perr);
void OSMemNameSet(OS_MEM *pmem, INT8U *pname, INT8U *perr);
#endif
INT8U OSMemPut(OS_MEM *pmem, void *pblk);
#if OS_MEM_QUERY_EN > 0u
INT8U OSMemQuery(OS_MEM *pmem, OS_MEM_DATA *p_mem_data);
#endif
#endif

/* ---- mutexes ---- */
#if OS_MUTEX_EN > 0u
#if OS_MUTEX_ACCEPT_EN > 0u
BOOLEAN OSMutexAccept(OS_EVENT *pevent, INT8U *perr);
#endif
OS_EVENT *OSMutexCreate(INT8U prio, INT8U *perr);
#if OS_MUTEX_DEL_EN > 0u
OS_EVENT *OSMutexDel(OS_EVENT *pevent, INT8U opt, INT8U *perr);
#endif
void OSMutexPend(OS_EVENT *pevent, INT32U timeout, INT8U *perr);
INT8U OSMutexPost(OS_EVENT *pevent);
#if OS_MUTEX_QUERY_EN > 0u
INT8U OSMutexQuery(OS_EVENT *pevent, OS_MUTEX_DATA *p_mutex_data);
#endif
#endif

/* ---- message queues ---- */
#if (OS_Q_EN > 0u) && (OS_MAX_QS > 0u)
#if OS_Q_ACCEPT_EN > 0u
void *OSQAccept(OS_EVENT *pevent, INT8U *perr);
#endif
OS_EVENT *OSQCreate(void **start, INT16U size);
#if OS_Q_DEL_EN > 0u
OS_EVENT *OSQDel(OS_EVENT *pevent, INT8U opt, INT8U *perr);
#endif
#if OS_Q_FLUSH_EN > 0u
INT8U OSQFlush(OS_EVENT *pevent);
#endif
void *OSQPend(OS_EVENT *pevent, INT32U timeout, INT8U *perr);
#if OS_Q_PEND_ABORT_EN > 0u
INT8U OSQPendAbort(OS_EVENT *pevent, INT8U opt, INT8U *perr);
#endif
#if OS_Q_POST_EN > 0u
INT8U OSQPost(OS_EVENT *pevent, void *pmsg);
#endif
#if OS_Q_POST_FRONT_EN > 0u
INT8U OSQPostFront(OS_EVENT *pevent, void *pmsg);
#endif
#if OS_Q_POST_OPT_EN > 0u
INT8U OSQPostOpt(OS_EVENT *pevent, void *pmsg, INT8U opt);
#endif
#if OS_Q_QUERY_EN > 0u
INT8U OSQQuery(OS_EVENT *pevent, OS_Q_DATA *p_q_data);
#endif
#endif

/* ---- semaphores ---- */
#if OS_SEM_EN > 0u
#if OS_SEM_ACCEPT_EN > 0u
INT16U OSSemAccept(OS_EVENT *pevent);
#endif
OS_EVENT *OSSemCreate(INT16U cnt);
#if OS_SEM_DEL_EN > 0u
OS_EVENT *OSSemDel(OS_EVENT *pevent, INT8U opt, INT8U *perr);
#endif
void OSSemPend(OS_EVENT *pevent, INT32U timeout, INT8U *perr);
#if OS_SEM_PEND_ABORT_EN > 0u
INT8U OSSemPendAbort(OS_EVENT *pevent, INT8U opt, INT8U *perr);
#endif
INT8U OSSemPost(OS_EVENT *pevent);
#if OS_SEM_QUERY_EN > 0u
INT8U OSSemQuery(OS_EVENT *pevent, OS_SEM_DATA *p_sem_data);
#endif
#if OS_SEM_SET_EN > 0u
void OSSemSet(OS_EVENT *pevent, INT16U cnt, INT8U *perr);
#endif
#endif

/* ---- task management ---- */
#if OS_TASK_CHANGE_PRIO_EN > 0u
INT8U OSTaskChangePrio(INT8U oldprio, INT8U newprio);
#endif
#if OS_TASK_CREATE_EN > 0u
INT8U OSTaskCreate(void (*task)(void *p_arg), void *p_arg, OS_STK *ptos, INT8U prio);
#endif
#if OS_TASK_CREATE_EXT_EN > 0u
INT8U OSTaskCreateExt(void (*task)(void *p_arg), void *p_arg, OS_STK *ptos, INT8U prio, INT16U id,
                      OS_STK *pbos, INT32U stk_size, void *pext, INT16U opt);
#endif
#if OS_TASK_DEL_EN > 0u
INT8U OSTaskDel(INT8U prio);
INT8U OSTaskDelReq(INT8U prio);
#endif
#if OS_TASK_NAME_EN > 0u
INT8U OSTaskNameGet(INT8U prio, INT8U **pname, INT8U *perr);
void OSTaskNameSet(INT8U prio, INT8U *pname, INT8U *perr);
#endif
#if OS_TASK_SUSPEND_EN > 0u
INT8U OSTaskResume(INT8U prio);
INT8U OSTaskSuspend(INT8U prio);
#endif
#if (OS_TASK_STAT_STK_CHK_EN > 0u) && (OS_TASK_CREATE_EXT_EN > 0u)
INT8U OSTaskStkChk(INT8U prio, OS_STK_DATA *p_stk_data);
#endif
#if OS_TASK_QUERY_EN > 0u
INT8U OSTaskQuery(INT8U prio, OS_TCB *p_task_data);
#endif
#if OS_TASK_REG_TBL_SIZE > 0u
INT32U OSTaskRegGet(INT8U prio, INT8U id, INT8U *perr);
void OSTaskRegSet(INT8U prio, INT8U id, INT32U value, INT8U *perr);
#endif

/* ---- time management ---- */
void OSTimeDly(INT32U ticks);
#if OS_TIME_DLY_HMSM_EN > 0u
INT8U OSTimeDlyHMSM(INT8U hours, INT8U minutes, INT8U seconds, INT16U ms);
#endif
#if OS_TIME_DLY_RESUME_EN > 0u
INT8U OSTimeDlyResume(INT8U prio);
#endif
#if OS_TIME_GET_SET_EN > 0u
INT32U OSTimeGet(void);
void OSTimeSet(INT32U ticks);
#endif
void OSTimeTick(void);

/* ---- miscellaneous ---- */
#if OS_EVENT_NAME_EN > 0u
INT8U OSEventNameGet(OS_EVENT *pevent, INT8U **pname, INT8U *perr);
void OSEventNameSet(OS_EVENT *pevent, INT8U *pname, INT8U *perr);
#endif
void OSInit(void);
void OSIntEnter(void);
void OSIntExit(void);
#if OS_SCHED_LOCK_EN > 0u
void OSSchedLock(void);
void OSSchedUnlock(void);
#endif
void OSStart(void);
void OSStatInit(void);
INT16U OSVersion(void);

/* ---- internal functions (kernel files only) ---- */
#if OS_TASK_DEL_EN > 0u
void OS_Dummy(void);
#endif
INT8U OS_EventTaskRdy(OS_EVENT *pevent, void *pmsg, INT8U msk, INT8U pend_stat);
void OS_EventTaskWait(OS_EVENT *pevent);
void OS_EventTaskRemove(OS_TCB *ptcb, OS_EVENT *pevent);
void OS_EventWaitInsert(OS_EVENT *pevent, OS_TCB *ptcb);
void OS_EventWaitRemove(OS_EVENT *pevent, OS_TCB *ptcb);
void OS_EventWaitListInit(OS_EVENT *pevent);
OS_EVENT *OS_EventAlloc(INT8U type, INT16U cnt, void *ptr);
void OS_EventFree(OS_EVENT *pevent);
INT8U OS_EventCheck(OS_EVENT *pevent, INT8U type, const void *parg, INT8U parg_err);
void OS_RdyInsert(OS_TCB *ptcb);
void OS_RdyRemove(OS_TCB *ptcb);
void OS_TCBPrioSet(OS_TCB *ptcb, INT8U prio);
void OS_TCBPrioMove(OS_TCB *ptcb, INT8U prio);
BOOLEAN OS_TCBDlyEnd(OS_TCB *ptcb);
INT8U OS_EventPendCheck(OS_EVENT *pevent, INT8U type);
void *OS_EventPendWait(OS_EVENT *pevent, INT8U stat, INT32U timeout, OS_CPU_SR cpu_sr, INT8U *perr);
INT8U OS_EventPendAbort(OS_EVENT *pevent, INT8U type, INT8U stat, INT8U opt, INT8U *perr);
OS_EVENT *OS_EventDel(OS_EVENT *pevent, INT8U type, INT8U stat, INT8U opt, void (*release)(OS_EVENT *pevent),
                      INT8U *perr);
#if (OS_FLAG_EN > 0u) && (OS_MAX_FLAGS > 0u)
void OS_FlagInit(void);
void OS_FlagUnlink(OS_FLAG_NODE *pnode);
#endif
void OS_MemClr(INT8U *pdest, INT16U size);
void OS_MemCopy(INT8U *pdest, INT8U *psrc, INT16U size);
#if (OS_MEM_EN > 0u) && (OS_MAX_MEM_PART > 0u)
void OS_MemInit(void);
#endif
#if OS_Q_EN > 0u
void OS_QInit(void);
#endif
void OS_Sched(void);
#if (OS_EVENT_NAME_EN > 0u) || (OS_FLAG_NAME_EN > 0u) || (OS_MEM_NAME_EN > 0u) || (OS_TASK_NAME_EN > 0u)
INT8U OS_StrLen(INT8U *psrc);
#endif
void OS_TaskIdle(void *p_arg);
void OS_TaskReturn(void);
#if OS_TASK_STAT_EN > 0u
void OS_TaskStat(void *p_arg);
#endif
#if (OS_TASK_STAT_STK_CHK_EN > 0u) && (OS_TASK_CREATE_EXT_EN > 0u)
void OS_TaskStkClr(OS_STK *pbos, INT32U size, INT16U opt);
#endif
INT8U OS_TCBInit(INT8U prio, OS_STK *ptos, OS_STK *pbos, INT16U id, INT32U stk_size, void *pext, INT16U opt);

/* ---- hooks: the port provides OS*Hook (os_cpu_c.c), the application App_*Hook ---- */
#if OS_CPU_HOOKS_EN > 0u
void OSInitHookBegin(void);
void OSInitHookEnd(void);
void OSTaskCreateHook(OS_TCB *ptcb);
void OSTaskDelHook(OS_TCB *ptcb);
void OSTaskIdleHook(void);
void OSTaskReturnHook(OS_TCB *ptcb);
void OSTaskStatHook(void);
#if OS_TASK_SW_HOOK_EN > 0u
void OSTaskSwHook(void);
#endif
void OSTCBInitHook(OS_TCB *ptcb);
#if OS_TIME_TICK_HOOK_EN > 0u
void OSTimeTickHook(void);
#endif
#endif
#if OS_APP_HOOKS_EN > 0u
void App_TaskCreateHook(OS_TCB *ptcb);
void App_TaskDelHook(OS_TCB *ptcb);
void App_TaskIdleHook(void);
void App_TaskReturnHook(OS_TCB *ptcb);
void App_TaskStatHook(void);
void App_TaskSwHook(void);
void App_TCBInitHook(OS_TCB *ptcb);
void App_TimeTickHook(void);
#endif

/* ---- port interface (os_cpu_a.S / os_cpu_c.c) ---- */
void OSStartHighRdy(void);
void OSIntCtxSw(void);
void OSCtxSw(void);
OS_STK *OSTaskStkInit(void (*task)(void *p_arg), void *p_arg, OS_STK *ptos, INT16U opt);

#ifdef __cplusplus
}
#endif
#endif

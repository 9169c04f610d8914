/* app_cfg.h - application task priorities and stack sizes (included by ucos_ii.h, as upstream). */
#ifndef APP_CFG_H
#define APP_CFG_H

#define APP_TASK_START_PRIO     4u
#define APP_TASK_PROTO_PRIO    10u
#define APP_TASK_WORK_PRIO     12u

#define APP_TASK_START_STK_SIZE  512u  /* OS_STK units */
#define APP_TASK_PROTO_STK_SIZE 1024u
#define APP_TASK_WORK_STK_SIZE  4096u

#endif

/* app.h - Whorl application: tasks and command handlers. */
#ifndef WHORL_APP_H
#define WHORL_APP_H

#include <stdint.h>

#ifndef WHORL_FW_VERSION
#define WHORL_FW_VERSION "0.0.0"
#endif
#ifndef WHORL_BUILD_ID
#define WHORL_BUILD_ID "unknown"
#endif
#ifndef WHORL_BOARD
#define WHORL_BOARD "unknown"
#endif

/* app_sys_register: PING, INFO, RESET handlers. */
void app_sys_register(void);
/* app_reset_pending: set by RESET; the protocol task resets once the response has left. */
extern volatile int app_reset_pending;

#endif

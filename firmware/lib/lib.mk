# Console and formatting helpers.
COMMON_SRCS += lib/console.c

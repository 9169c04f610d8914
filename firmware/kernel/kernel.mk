# Kernel with the uC/OS-II 2.93 API (firmware/kernel) and its ARM9 port (firmware/port/arm9).
KERNEL_SRCS := kernel/os_core.c kernel/os_event.c kernel/os_task.c kernel/os_time.c kernel/os_sem.c kernel/os_mutex.c \
               kernel/os_q.c kernel/os_mbox.c kernel/os_flag.c kernel/os_mem.c
PORT_SRCS   := port/arm9/os_cpu_c.c port/arm9/os_cpu_a.S
COMMON_SRCS += $(KERNEL_SRCS) $(PORT_SRCS)

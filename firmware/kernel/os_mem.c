/* os_mem.c - fixed-size memory partitions. uC/OS-II 2.93 API. */
#include <ucos_ii.h>

#if (OS_MEM_EN > 0u) && (OS_MAX_MEM_PART > 0u)

/* OSMemCreate: a partition of `nblks` blocks of `blksize` bytes in the caller's memory `addr`
 * (pointer-aligned; at least 2 blocks of at least one pointer each). */
OS_MEM *OSMemCreate(void *addr, INT32U nblks, INT32U blksize, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (addr == (void *)0) { *perr = OS_ERR_MEM_INVALID_ADDR; return (OS_MEM *)0; }
    if (((INT32U)addr & (sizeof(void *) - 1u)) != 0u) { *perr = OS_ERR_MEM_INVALID_ADDR; return (OS_MEM *)0; }
    if (nblks < 2u) { *perr = OS_ERR_MEM_INVALID_BLKS; return (OS_MEM *)0; }
    if (blksize < sizeof(void *)) { *perr = OS_ERR_MEM_INVALID_SIZE; return (OS_MEM *)0; }
#endif
    OS_ENTER_CRITICAL();
    OS_MEM *pmem = OSMemFreeList;
    if (OSMemFreeList != (OS_MEM *)0)
        OSMemFreeList = (OS_MEM *)OSMemFreeList->OSMemFreeList;
    OS_EXIT_CRITICAL();
    if (pmem == (OS_MEM *)0) {
        *perr = OS_ERR_MEM_INVALID_PART;
        return (OS_MEM *)0;
    }
    void **plink = (void **)addr;
    INT8U *pblk = (INT8U *)addr;
    for (INT32U i = 0u; i < nblks - 1u; i++) {
        pblk += blksize;
        *plink = (void *)pblk;
        plink = (void **)pblk;
    }
    *plink = (void *)0;
    pmem->OSMemAddr = addr;
    pmem->OSMemFreeList = addr;
    pmem->OSMemNFree = nblks;
    pmem->OSMemNBlks = nblks;
    pmem->OSMemBlkSize = blksize;
#if OS_MEM_NAME_EN > 0u
    pmem->OSMemName = (INT8U *)(void *)"?";
#endif
    *perr = OS_ERR_NONE;
    return pmem;
}

/* OSMemGet: a free block, or NULL with OS_ERR_MEM_NO_FREE_BLKS. */
void *OSMemGet(OS_MEM *pmem, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pmem == (OS_MEM *)0) { *perr = OS_ERR_MEM_INVALID_PMEM; return (void *)0; }
#endif
    OS_ENTER_CRITICAL();
    if (pmem->OSMemNFree > 0u) {
        void *pblk = pmem->OSMemFreeList;
        pmem->OSMemFreeList = *(void **)pblk;
        pmem->OSMemNFree--;
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_NONE;
        return pblk;
    }
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_MEM_NO_FREE_BLKS;
    return (void *)0;
}

#if OS_MEM_NAME_EN > 0u
INT8U OSMemNameGet(OS_MEM *pmem, INT8U **pname, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pmem == (OS_MEM *)0) { *perr = OS_ERR_MEM_INVALID_PMEM; return 0u; }
    if (pname == (INT8U **)0) { *perr = OS_ERR_PNAME_NULL; return 0u; }
#endif
    if (OSIntNesting > 0u) { *perr = OS_ERR_NAME_GET_ISR; return 0u; }
    OS_ENTER_CRITICAL();
    *pname = pmem->OSMemName;
    INT8U len = OS_StrLen(*pname);
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
    return len;
}

void OSMemNameSet(OS_MEM *pmem, INT8U *pname, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pmem == (OS_MEM *)0) { *perr = OS_ERR_MEM_INVALID_PMEM; return; }
    if (pname == (INT8U *)0) { *perr = OS_ERR_PNAME_NULL; return; }
#endif
    if (OSIntNesting > 0u) { *perr = OS_ERR_NAME_SET_ISR; return; }
    OS_ENTER_CRITICAL();
    pmem->OSMemName = pname;
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
}
#endif

/* OSMemPut: return a block (OS_ERR_MEM_FULL if every block is already free). */
INT8U OSMemPut(OS_MEM *pmem, void *pblk)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pmem == (OS_MEM *)0)
        return OS_ERR_MEM_INVALID_PMEM;
    if (pblk == (void *)0)
        return OS_ERR_MEM_INVALID_PBLK;
#endif
    OS_ENTER_CRITICAL();
    if (pmem->OSMemNFree >= pmem->OSMemNBlks) {
        OS_EXIT_CRITICAL();
        return OS_ERR_MEM_FULL;
    }
    *(void **)pblk = pmem->OSMemFreeList;
    pmem->OSMemFreeList = pblk;
    pmem->OSMemNFree++;
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}

#if OS_MEM_QUERY_EN > 0u
/* OSMemQuery: state of a partition. */
INT8U OSMemQuery(OS_MEM *pmem, OS_MEM_DATA *p_mem_data)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pmem == (OS_MEM *)0)
        return OS_ERR_MEM_INVALID_PMEM;
    if (p_mem_data == (OS_MEM_DATA *)0)
        return OS_ERR_MEM_INVALID_PDATA;
#endif
    OS_ENTER_CRITICAL();
    p_mem_data->OSAddr = pmem->OSMemAddr;
    p_mem_data->OSFreeList = pmem->OSMemFreeList;
    p_mem_data->OSBlkSize = pmem->OSMemBlkSize;
    p_mem_data->OSNBlks = pmem->OSMemNBlks;
    p_mem_data->OSNFree = pmem->OSMemNFree;
    OS_EXIT_CRITICAL();
    p_mem_data->OSNUsed = p_mem_data->OSNBlks - p_mem_data->OSNFree;
    return OS_ERR_NONE;
}
#endif

/* OS_MemInit: chain the partition control blocks into the free list. */
void OS_MemInit(void)
{
    OS_MemClr((INT8U *)&OSMemTbl[0], sizeof(OSMemTbl));
    for (INT16U i = 0u; i < OS_MAX_MEM_PART - 1u; i++) {
        OSMemTbl[i].OSMemFreeList = (void *)&OSMemTbl[i + 1u];
#if OS_MEM_NAME_EN > 0u
        OSMemTbl[i].OSMemName = (INT8U *)(void *)"?";
#endif
    }
    OSMemTbl[OS_MAX_MEM_PART - 1u].OSMemFreeList = (void *)0;
#if OS_MEM_NAME_EN > 0u
    OSMemTbl[OS_MAX_MEM_PART - 1u].OSMemName = (INT8U *)(void *)"?";
#endif
    OSMemFreeList = &OSMemTbl[0];
}

#endif

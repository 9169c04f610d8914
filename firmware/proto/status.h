/* status.h - protocol v1 status codes (docs/protocol.md, "Status codes"). One list for every command. */
#ifndef WHORL_STATUS_H
#define WHORL_STATUS_H

enum proto_status {
    ST_OK = 0,
    ST_E_UNKNOWN_CMD = 1,
    ST_E_BAD_LENGTH = 2,
    ST_E_BAD_PARAM = 3,
    ST_E_BUSY = 4,
    ST_E_VERSION = 5,
    ST_E_BAD_FRAME = 6,
    ST_E_SEQUENCE = 7,
    ST_E_CRC = 8,
    ST_E_NOT_FOUND = 9,
    ST_E_NO_SPACE = 10,
    ST_E_FLASH = 11,
    ST_E_TIMEOUT = 12,
    ST_E_QUALITY = 13,
    ST_E_MISMATCH = 14,
    ST_E_DUPLICATE = 15,
    ST_E_NO_MODEL = 16,
    ST_E_BAD_MODEL = 17,
    ST_E_INTERNAL = 18
};

/* Command codes. */
enum proto_cmd {
    CMD_PING = 0x01,
    CMD_INFO = 0x02,
    CMD_RESET = 0x03
};

#endif

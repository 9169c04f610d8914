# Wire protocol v1 codec and dispatcher (firmware/proto) and CRCs (firmware/lib/crc.c).
PROTO_SRCS := proto/frame.c proto/proto.c proto/xfer.c lib/crc.c
FW_SRCS    += proto/frame.c proto/proto.c proto/xfer.c
COMMON_SRCS += lib/crc.c
BOOT_SRCS  += lib/crc.c
HOST_TESTS += test_proto
test_proto_SRCS := tests/host/test_proto.c $(PROTO_SRCS)
test_proto_ARGS := ../test/vectors/protocol-v1.txt
# Runs only the native codec and dispatcher test (used by test/unit/protocol/c-codec.test.ts).
.PHONY: proto-host-tests
proto-host-tests: $(BUILD)/host/test_proto
	$(BUILD)/host/test_proto $(test_proto_ARGS)

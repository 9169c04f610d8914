# Template store (firmware/store): log-structured, power-safe, on the NOR store partition.
FW_SRCS += store/store.c
HOST_TESTS += test_store
test_store_SRCS := tests/host/test_store.c store/store.c store/flash_sim.c lib/crc.c

.PHONY: store-host-tests
store-host-tests: $(BUILD)/host/test_store
	$(BUILD)/host/test_store

/* Model blobs and vectors linked into the benchmark image (paths from -I, see nn/nn.mk). */
        .section .rodata.nnbench, "a"
        .macro BLOB name, file
        .balign 4
        .global \name
\name:
        .incbin "\file"
        .global \name\()_end
\name\()_end:
        .endm
        BLOB bench_blob, "bench.wnn"
        BLOB bench_input, "bench.in"
        BLOB bench_sensor, "bench.sensor"
        BLOB tiny_blob, "tiny.wnn"
        BLOB tiny_vec, "tiny.vec"
        BLOB net_blob, "net.wnn"
        BLOB net_vec, "net.vec"
        BLOB pre_vec, "pre.vec"
        BLOB sat_blob, "sat.wnn"
        BLOB sat_vec, "sat.vec"
        BLOB wide_blob, "wide.wnn"
        BLOB wide_vec, "wide.vec"
        BLOB tiny_img, "tiny.img"

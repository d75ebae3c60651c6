"""The shipped encoder reads alike on every x86 CPU.

onnxruntime's int8 matrix products add pairs of u8 x s8 products in saturating 16-bit sums on
CPUs without AVX-512 VNNI (AVX2's vpmaddubsw), and in exact 32-bit sums with VNNI. With
full-range weights a pair can pass 32,767 and clip, so the same message read differently on
the two (up to 0.15 in breach probability, measured with `bench/semantic_cpu_paths.py`). With
weights quantised to seven bits (|w| <= 64, onnxruntime's `reduce_range`), 2 x 255 x 64 =
32,640 never clips, and both kinds of CPU compute the same sums.
"""

from __future__ import annotations

import onnx
from onnx import numpy_helper

from saferpractice.detect.semantic.embedder import model_files

SATURATION_FREE = 64  # 2 * 255 * 64 = 32,640 <= 32,767


def test_every_int8_weight_fits_seven_bits_so_no_cpu_saturates() -> None:
    model = onnx.load(str(model_files().onnx))
    weights = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    products = [n for n in model.graph.node if n.op_type == "MatMulInteger"]
    assert len(products) >= 36  # six layers, six matrix products each
    for node in products:
        activations, weight = node.input[0], node.input[1]
        assert weight in weights, f"{node.name}: weight {weight} is not a stored initializer"
        values = weights[weight]
        assert str(values.dtype) == "int8"
        assert int(abs(values.astype("int32")).max()) <= SATURATION_FREE, node.name
        assert activations not in weights  # the activations are quantised at run time

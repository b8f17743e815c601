"""cerebro's `random:N:SEED` patterns, regenerated in NumPy, and Keras' per-layer outputs for them.

The random source (src/patterns/random_source.cpp) seeds splitmix64 per pattern with
seed * 0x100000001B3 ^ index, drops one output, then takes the top 24 bits of each next output
times 2^-24. splitmix64 advances its state by a fixed step, so the k-th output is mix(state0 + k * step)
and a whole pattern is one vectorised expression here.
"""

import numpy as np

STEP = np.uint64(0x9E3779B97F4A7C15)
M1 = np.uint64(0xBF58476D1CE4E5B9)
M2 = np.uint64(0x94D049BB133111EB)


def random_pattern(seed, index, shape):
    size = int(np.prod(shape))
    with np.errstate(over="ignore"):
        state0 = np.uint64((seed * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF) ^ np.uint64(index)
        z = state0 + STEP * np.arange(2, size + 2, dtype=np.uint64)
        z = (z ^ (z >> np.uint64(30))) * M1
        z = (z ^ (z >> np.uint64(27))) * M2
        z = z ^ (z >> np.uint64(31))
    return ((z >> np.uint64(40)).astype(np.float32) * np.float32(2.0**-24)).reshape(shape)


def load_keras_model(path):
    """tf_keras for .h5 files written by tf.keras 2.x, Keras 3 for .keras files (as tools/ does)."""
    if str(path).endswith(".keras"):
        import keras
        return keras.saving.load_model(path, compile=False), keras
    import os
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tf_keras
    return tf_keras.models.load_model(path, compile=False), tf_keras


def keras_layer_outputs(model_path, seed, indices):
    """{layer name: float32 array (len(indices), *shape)}, every layer (the input included), by Keras."""
    model, K = load_keras_model(model_path)
    inputs = model.inputs[0]
    shape = tuple(int(d) for d in inputs.shape[1:])
    batch = np.stack([random_pattern(seed, int(i), shape) for i in indices])
    layers = [l for l in model.layers if not isinstance(l, K.layers.InputLayer)]
    probe = K.Model(model.inputs, [l.output for l in layers])
    outputs = probe.predict(batch, batch_size=256, verbose=0)
    result = {model.layers[0].name: batch} if isinstance(model.layers[0], K.layers.InputLayer) else {}
    for layer, values in zip(layers, outputs):
        result[layer.name] = np.asarray(values, dtype=np.float32)
    return result


def relative_error(actual, expected):
    """max |a - e| over max |e| (tests/support: the same measure the conformance tests use, bound 1e-5)."""
    worst = float(np.max(np.abs(actual.astype(np.float64) - expected))) if expected.size else 0.0
    if not np.isfinite(worst):
        return float("inf")
    return worst / max(float(np.max(np.abs(expected))) if expected.size else 0.0, 1e-30)


def npy_layout(head):
    """(data offset, shape) from the first bytes of a .npy file, or None while the header is incomplete."""
    import ast
    if len(head) < 10 or head[:6] != b"\x93NUMPY":
        return None
    long_header = head[6] >= 2
    start = 12 if long_header else 10
    header_len = int.from_bytes(head[8:start], "little")
    if len(head) < start + header_len:
        return None
    header = ast.literal_eval(head[start:start + header_len].decode("latin1"))
    if header.get("descr") != "<f4" or header.get("fortran_order"):
        raise ValueError(f"not a float32 C-order array: {header}")
    return start + header_len, tuple(int(d) for d in header["shape"])

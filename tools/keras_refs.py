"""Reference data for Keras models, from Keras itself, for cerebro's fixtures: every node's output keyed
by the name cerebro shows, and Keras' own summary facts. Works on Keras 3 and tf_keras models (a
Flavour says which). Import after the Keras generation is chosen (tools/make_fixtures_keras3.py).
"""

import json
import zipfile
from pathlib import Path

import h5py
import numpy as np
import tensorflow as tf

import fixturelib

N_PATTERNS = 3


class Flavour:
    """What differs between Keras 3 and tf_keras when walking a model's graph."""

    def __init__(self, K, is_k3):
        self.K, self.is_k3 = K, is_k3

    def history_layer(self, tensor):
        h = tensor._keras_history
        return h.operation if self.is_k3 else h.layer

    def calls(self, model, layer):
        """Indices into layer._inbound_nodes of the calls made inside `model`'s own graph (tf_keras
        also records calls made when the model itself is called; Keras' configs leave those out)."""
        if self.is_k3:
            holder = model._functional if isinstance(model, self.K.Sequential) else model
            keys, key = holder._nodes, (lambda k: f"{id(layer)}_ib-{k}")
        else:
            keys, key = model._network_nodes, (lambda k: f"{layer.name}_ib-{k}")
        return [k for k in range(len(layer._inbound_nodes)) if key(k) in keys]

    def weight_name(self, w):
        return w.path if self.is_k3 else w.name

    def is_input(self, layer):
        return isinstance(layer, self.K.layers.InputLayer)

    def is_model(self, layer):
        return isinstance(layer, self.K.Model)


def flat(structure):
    return list(tf.nest.flatten(structure))


def walk_layers(fl, model):
    for layer in model.layers:
        yield layer
        if fl.is_model(layer):
            yield from walk_layers(fl, layer)


def randomize_biases(fl, model, seed):
    """Give every bias small non-zero values (Keras initialises them to 0), so bias handling is tested."""
    rng = np.random.default_rng(seed)
    for layer in walk_layers(fl, model):
        bias = getattr(layer, "bias", None)
        if bias is not None:
            bias.assign(rng.normal(0.0, 0.1, size=tuple(bias.shape)).astype(np.float32))


def collect(fl, model, prefix, values, out):
    """Adds the output of every cerebro node of one call of `model` on `values` to `out`, computed by
    Keras (a probe model per level). Returns {layer name: [names of the nodes it stands for]}."""
    plan, tensors = [], []
    for layer in model.layers:
        if fl.is_input(layer):
            continue
        calls = fl.calls(model, layer)
        for j, k in enumerate(calls):
            node = layer._inbound_nodes[k]
            shown = prefix + layer.name + (f"#{j}" if len(calls) > 1 else "")
            if fl.is_model(layer):
                ins = flat(node.input_tensors)
                plan.append((layer, shown + "/", len(tensors), len(ins)))
                tensors.extend(ins)
            else:
                plan.append((layer, shown, len(tensors), 1))
                tensors.append(flat(node.output_tensors)[0])
    probe = fl.K.Model(model.inputs, tensors)
    results = probe.predict(values, batch_size=N_PATTERNS, verbose=0)
    results = results if isinstance(results, list) else [results]
    owned = {}
    for layer, shown, start, count in plan:
        before = set(out)
        if fl.is_model(layer):
            collect(fl, layer, shown, list(results[start:start + count]), out)
        else:
            out[shown] = np.asarray(results[start], dtype=np.float32)
        owned.setdefault(layer.name, []).extend(k for k in out if k not in before)
    return owned


def summary_layers(fl, model):
    """(layer, in_keras_summary) as Keras lists them; a Sequential's InputLayer first, not listed."""
    rows = []
    for t in model.inputs:
        layer = fl.history_layer(t)
        if layer not in model.layers:
            rows.append((layer, False))
    rows.extend((layer, True) for layer in model.layers)
    return rows


def first_output_shape(fl, model, layer):
    if fl.is_input(layer):
        return [None if d is None else int(d) for d in layer.output.shape]
    node = layer._inbound_nodes[fl.calls(model, layer)[0]]
    return [None if d is None else int(d) for d in flat(node.output_tensors)[0].shape]


def param_count(weights):
    return int(sum(int(np.prod(w.shape)) for w in weights))


def write_reference(fl, model, ref_dir, key, seed, info):
    """Reference data for `model` (re-loaded from its file(s)) under ref/<key>.*; returns the paths."""
    rng = np.random.default_rng(seed)
    input_layers = [fl.history_layer(t) for t in model.inputs]
    xs = [rng.random((N_PATTERNS,) + tuple(int(d) for d in t.shape[1:]), dtype=np.float32) for t in model.inputs]
    written = []
    if len(xs) == 1:
        written.append(ref_dir / f"{key}.input.npy")
        np.save(written[-1], xs[0])
    else:
        for layer, x in zip(input_layers, xs):
            written.append(ref_dir / f"{key}.input.{layer.name}.npy")
            np.save(written[-1], x)

    outputs = {layer.name: x for layer, x in zip(input_layers, xs)}
    owned = collect(fl, model, "", xs if len(xs) > 1 else xs[0], outputs)
    finals = model.predict(xs if len(xs) > 1 else xs[0], batch_size=N_PATTERNS, verbose=0)
    finals = finals if isinstance(finals, list) else [finals]
    for final in finals:  # Keras' own end-to-end outputs are among the node outputs we recorded
        if not any(v.shape == final.shape and np.allclose(v, final, rtol=1e-6, atol=1e-7) for v in outputs.values()):
            raise AssertionError(f"{key}: a model output is not among the recorded node outputs")
    fixturelib.save_npz_deterministic(ref_dir / f"{key}.npz", outputs)

    summary = dict(info)
    summary.update({
        "model_class": type(model).__name__,
        "model_name": model.name,
        "inputs": [{"layer": l.name, "shape": [None] + [int(d) for d in t.shape[1:]]}
                   for l, t in zip(input_layers, model.inputs)],
        "outputs": [fl.history_layer(t).name for t in model.outputs],
        "layers": [],
        "total_params": int(model.count_params()),
        "trainable_params": param_count(model.trainable_weights),
        "non_trainable_params": param_count(model.non_trainable_weights),
        "prediction": [np.asarray(p, dtype=np.float64).tolist() for p in finals],
    })
    for layer, listed in summary_layers(fl, model):
        summary["layers"].append({
            "name": layer.name,
            "class_name": type(layer).__name__,
            "output_shape": first_output_shape(fl, model, layer),
            "params": int(layer.count_params()),
            "trainable_params": param_count(layer.trainable_weights),
            "non_trainable_params": param_count(layer.non_trainable_weights),
            "in_keras_summary": listed,
            "nested": fl.is_model(layer),
            "weights": [[fl.weight_name(w), [int(d) for d in w.shape]] for w in layer.weights],
            "nodes": [layer.name] if fl.is_input(layer) else owned.get(layer.name, []),
        })
    fixturelib.write_json(ref_dir / f"{key}.summary.json", summary)
    lines = []
    model.summary(print_fn=lambda line, *a, **k: lines.append(line))
    (ref_dir / f"{key}.summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written + [ref_dir / f"{key}{ext}" for ext in (".npz", ".summary.json", ".summary.txt")]


def file_info(path, fmt, fixtures):
    info = {"file": str(Path(path).relative_to(fixtures)), "format": fmt}
    if fmt.startswith("keras-v3-zip"):
        with zipfile.ZipFile(path) as zf:
            info["keras_version"] = json.loads(zf.read("metadata.json"))["keras_version"]
        info["backend"] = None
    else:
        with h5py.File(path, "r") as f:
            def s(v):
                return v.decode("utf-8") if isinstance(v, bytes) else (None if v is None else str(v))
            info["keras_version"], info["backend"] = s(f.attrs.get("keras_version")), s(f.attrs.get("backend"))
    return info

"""Models for tools/make_fixtures.py that cover cerebro's layer kinds: convolutions, pooling and
resampling, merges, activations, normalisation and shape layers (tf.keras 2.x, i.e. tf_keras).

Each builder takes the registry entry's seed and returns an uncompiled keras model whose weights
and parameters are set from that seed (see make_fixtures.py for how they are saved and run).
"""

import numpy as np
import tf_keras as keras


def randomize_biases(model, seed):
    """Give every bias small non-zero values (Keras initialises them to 0), so bias handling is tested."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        bias = getattr(layer, "bias", None)
        if bias is not None:
            bias.assign(rng.normal(0.0, 0.1, size=tuple(bias.shape)).astype(np.float32))


def randomize_layer_params(model, seed):
    """Give normalisation and PReLU parameters non-default values (Keras initialises gamma to 1,
    beta, moving_mean and PReLU's alpha to 0, moving_variance to 1), so every term is tested."""
    rng = np.random.default_rng(seed)

    def assign(var, values):
        var.assign(np.asarray(values, dtype=np.float32).reshape(tuple(var.shape)))

    for layer in model.layers:
        if isinstance(layer, (keras.layers.BatchNormalization, keras.layers.LayerNormalization)):
            if getattr(layer, "gamma", None) is not None:
                assign(layer.gamma, rng.uniform(0.5, 1.5, size=tuple(layer.gamma.shape)))
            if getattr(layer, "beta", None) is not None:
                assign(layer.beta, rng.normal(0.0, 0.3, size=tuple(layer.beta.shape)))
        if isinstance(layer, keras.layers.BatchNormalization):
            assign(layer.moving_mean, rng.normal(0.0, 0.5, size=tuple(layer.moving_mean.shape)))
            assign(layer.moving_variance, rng.uniform(0.3, 2.0, size=tuple(layer.moving_variance.shape)))
        if isinstance(layer, keras.layers.PReLU):
            assign(layer.alpha, rng.uniform(0.05, 0.6, size=tuple(layer.alpha.shape)))


def pooled_head(branches, units, name="head"):
    """Global-average-pool every 3-D branch, flatten the rest, concatenate, Dense softmax: one output
    that depends on every branch, so every layer is part of the model."""
    L = keras.layers
    flat = []
    for t in branches:
        if len(t.shape) == 4:
            flat.append(L.GlobalAveragePooling2D(name=f"gap_{t._keras_history.layer.name}")(t))
        elif len(t.shape) == 3:
            flat.append(L.GlobalAveragePooling1D(name=f"gap_{t._keras_history.layer.name}")(t))
        else:
            flat.append(t)
    joined = L.Concatenate(name="joined")(flat) if len(flat) > 1 else flat[0]
    return L.Dense(units, activation="softmax", name=name)(joined)


def build_conv(seed):
    L = keras.layers
    inp = L.Input(shape=(7, 9, 3), name="input_1")
    bn_in = L.BatchNormalization(name="bn_input")(inp)
    valid = L.Conv2D(6, 3, padding="valid", activation="relu", name="conv_valid")(bn_in)
    # 'same' with a stride: H 7 -> 4 (pad 1 top, 2 bottom), W 9 -> 3 (pad 0 left, 1 right).
    same_strided = L.Conv2D(5, (4, 4), strides=(2, 3), padding="same", name="conv_same_strided")(inp)
    # An even kernel at stride 1: TensorFlow pads 0 before and 1 after.
    same_even = L.Conv2D(4, 2, padding="same", activation="sigmoid", name="conv_same_even")(inp)
    dilated = L.Conv2D(4, 3, dilation_rate=2, padding="same", activation="tanh", name="conv_dilated")(inp)
    dilated_valid = L.Conv2D(3, (2, 3), dilation_rate=(2, 3), padding="valid", name="conv_dilated_valid")(inp)
    grouped = L.Conv2D(4, 3, groups=2, padding="same", name="conv_grouped")(valid)
    strided = L.Conv2D(4, (2, 3), strides=(2, 1), padding="valid", use_bias=False, name="conv_nobias")(inp)
    pointwise = L.Conv2D(3, 1, activation="elu", name="conv_pointwise")(valid)
    depthwise = L.DepthwiseConv2D(3, depth_multiplier=2, strides=2, padding="same", activation="relu",
                                  name="depthwise")(inp)
    depthwise_valid = L.DepthwiseConv2D((2, 3), padding="valid", dilation_rate=2, name="depthwise_dilated")(inp)
    separable = L.SeparableConv2D(5, 3, depth_multiplier=2, padding="same", activation="relu",
                                  name="separable")(inp)
    separable_strided = L.SeparableConv2D(3, (3, 2), strides=2, padding="valid", use_bias=False,
                                          name="separable_strided")(valid)
    bn_nocenter = L.BatchNormalization(center=False, name="bn_nocenter")(dilated)
    bn_noscale = L.BatchNormalization(scale=False, epsilon=0.01, name="bn_noscale")(grouped)
    # Not axis=1 on a 4-D input: tf.keras then takes the fused NCHW kernel, which on the CPU returns
    # garbage; axis 2 (width) and the axis pair [1, 2] run the plain kernel.
    bn_axis2 = L.BatchNormalization(axis=2, name="bn_axis2")(strided)
    bn_hw = L.BatchNormalization(axis=[1, 2], name="bn_axes_hw")(same_even)
    out = pooled_head([same_strided, same_even, dilated_valid, pointwise, depthwise, depthwise_valid,
                        separable, separable_strided, bn_nocenter, bn_noscale, bn_axis2, bn_hw], 5)
    model = keras.Model(inputs=inp, outputs=out, name="conv")
    randomize_biases(model, seed + 1)
    randomize_layer_params(model, seed + 2)
    return model


def build_spatial(seed):
    L = keras.layers
    inp = L.Input(shape=(7, 9, 3), name="input_1")
    maxpool = L.MaxPooling2D(2, name="maxpool_valid")(inp)
    maxpool_same = L.MaxPooling2D(3, strides=2, padding="same", name="maxpool_same")(inp)
    # Pool 2 at stride 1 'same': one padding cell after each axis, so border means are over fewer cells.
    avgpool_same_s1 = L.AveragePooling2D(2, strides=1, padding="same", name="avgpool_same_s1")(inp)
    avgpool_same = L.AveragePooling2D(3, strides=2, padding="same", name="avgpool_same")(inp)
    avgpool_valid = L.AveragePooling2D((2, 3), name="avgpool_valid")(inp)
    avgpool_strided = L.AveragePooling2D((3, 2), strides=(1, 2), name="avgpool_strided")(inp)
    padded = L.ZeroPadding2D(((1, 2), (0, 3)), name="zeropad")(maxpool)
    padded_sym = L.ZeroPadding2D(1, name="zeropad_sym")(inp)
    cropped = L.Cropping2D(((1, 0), (2, 1)), name="crop")(padded)
    cropped_sym = L.Cropping2D(1, name="crop_sym")(inp)
    up = L.UpSampling2D((2, 3), name="upsample_nearest")(cropped)
    up_bilinear = L.UpSampling2D(2, interpolation="bilinear", name="upsample_bilinear")(maxpool_same)
    up_bilinear3 = L.UpSampling2D((3, 2), interpolation="bilinear", name="upsample_bilinear_3x2")(maxpool)
    gmp = L.GlobalMaxPooling2D(name="global_max")(avgpool_same)
    gap_keep = L.GlobalAveragePooling2D(keepdims=True, name="global_avg_keepdims")(avgpool_same_s1)
    gmp_keep = L.GlobalMaxPooling2D(keepdims=True, name="global_max_keepdims")(avgpool_valid)
    out = pooled_head([up, up_bilinear, up_bilinear3, padded_sym, cropped_sym, avgpool_strided,
                        L.Flatten(name="flat_gap_keep")(gap_keep), L.Flatten(name="flat_gmp_keep")(gmp_keep),
                        gmp], 4)
    model = keras.Model(inputs=inp, outputs=out, name="spatial")
    randomize_biases(model, seed + 1)
    return model


def build_conv1d(seed):
    L = keras.layers
    inp = L.Input(shape=(16, 4), name="input_1")
    valid = L.Conv1D(4, 3, padding="valid", activation="relu", name="conv1d_valid")(inp)
    # 'same' at stride 2 with kernel 3: 16 -> 8, padding 0 before and 1 after.
    same = L.Conv1D(5, 3, strides=2, padding="same", name="conv1d_same_strided")(inp)
    causal = L.Conv1D(3, 3, padding="causal", dilation_rate=2, activation="tanh", name="conv1d_causal")(inp)
    grouped = L.Conv1D(6, 2, groups=2, padding="same", name="conv1d_grouped")(inp)
    maxpool = L.MaxPooling1D(2, name="maxpool1d")(valid)
    maxpool_same = L.MaxPooling1D(3, strides=2, padding="same", name="maxpool1d_same")(inp)
    avgpool_same = L.AveragePooling1D(2, strides=1, padding="same", name="avgpool1d_same")(grouped)
    avgpool = L.AveragePooling1D(3, strides=2, name="avgpool1d_valid")(inp)
    padded = L.ZeroPadding1D((1, 2), name="zeropad1d")(maxpool)
    cropped = L.Cropping1D((2, 1), name="crop1d")(padded)
    up = L.UpSampling1D(3, name="upsample1d")(cropped)
    dropped = L.SpatialDropout1D(0.4, name="spatial_dropout1d")(up)
    gmp = L.GlobalMaxPooling1D(name="global_max1d")(causal)
    gap_keep = L.GlobalAveragePooling1D(keepdims=True, name="global_avg1d_keepdims")(same)
    gmp_keep = L.GlobalMaxPooling1D(keepdims=True, name="global_max1d_keepdims")(avgpool)
    out = pooled_head([dropped, maxpool_same, avgpool_same, gmp, L.Flatten(name="flat_gap_keep")(gap_keep),
                        L.Flatten(name="flat_gmp_keep")(gmp_keep)], 4)
    model = keras.Model(inputs=inp, outputs=out, name="conv1d")
    randomize_biases(model, seed + 1)
    return model


def build_merges(seed):
    L = keras.layers
    inp = L.Input(shape=(4, 5), name="input_1")
    a = L.Dense(5, name="branch_a")(inp)
    b = L.Dense(5, activation="tanh", name="branch_b")(inp)
    c = L.Dense(5, activation="relu", name="branch_c")(inp)
    row_mean = L.GlobalAveragePooling1D(keepdims=True, name="row_mean")(a)  # (1, 5): broadcast below
    added = L.Add(name="add")([a, b, c])
    subtracted = L.Subtract(name="subtract")([a, b])
    multiplied = L.Multiply(name="multiply")([b, c])
    broadcast = L.Multiply(name="multiply_broadcast")([a, row_mean])
    averaged = L.Average(name="average")([a, b, c])
    maximum = L.Maximum(name="maximum")([a, b])
    minimum = L.Minimum(name="minimum")([b, c, a])
    rows = L.Concatenate(axis=1, name="concat_axis1")([added, subtracted])      # (8, 5)
    cols = L.Concatenate(axis=-1, name="concat_last")([multiplied, broadcast, averaged, maximum, minimum])  # (4, 25)
    joined = L.Concatenate(name="joined")([L.Flatten(name="flat_rows")(rows), L.Flatten(name="flat_cols")(cols)])
    out = L.Dense(4, activation="softmax", name="head")(joined)
    model = keras.Model(inputs=inp, outputs=out, name="merges")
    randomize_biases(model, seed + 1)
    return model


# Every activation name tf.keras can serialise ("silu" is saved as "swish" by tf.keras).
TF_KERAS_ACTIVATIONS = ["linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu", "softplus", "softsign",
                        "swish", "gelu", "relu6", "exponential", "hard_sigmoid", "mish", "leaky_relu",
                        "log_softmax"]


def build_activations2(seed):
    L = keras.layers
    inp = L.Input(shape=(4, 6), name="input_1")
    outs = [L.Activation(name_, name=f"act_{name_}")(inp) for name_ in TF_KERAS_ACTIVATIONS]
    outs += [
        L.Dense(6, activation="gelu", name="dense_gelu")(inp),
        L.ReLU(max_value=2.0, negative_slope=0.1, threshold=0.5, name="relu_all")(inp),
        L.ReLU(max_value=6.0, name="relu_max6")(inp),
        L.ReLU(negative_slope=0.2, name="relu_leaky")(inp),
        L.ReLU(threshold=1.0, name="relu_threshold")(inp),
        L.ReLU(negative_slope=0.3, threshold=1.0, name="relu_threshold_slope")(inp),
        L.LeakyReLU(alpha=0.2, name="leaky_relu_02")(inp),
        L.LeakyReLU(name="leaky_relu_default")(inp),
        L.ELU(alpha=0.7, name="elu_07")(inp),
        L.PReLU(name="prelu")(inp),
        L.PReLU(shared_axes=[1], name="prelu_shared")(inp),
        L.Softmax(name="softmax_last")(inp),
        L.Softmax(axis=1, name="softmax_axis1")(inp),
    ]
    joined = L.Concatenate(name="joined")(outs)
    out = L.Dense(3, activation="softmax", name="head")(L.Flatten(name="flat")(joined))
    model = keras.Model(inputs=inp, outputs=out, name="activations2")
    randomize_biases(model, seed + 1)
    randomize_layer_params(model, seed + 2)
    return model


def build_shapes(seed):
    L = keras.layers
    inp = L.Input(shape=(6, 4, 3), name="input_1")
    scaled = L.Rescaling(2.5, offset=-1.0, name="rescaling")(inp)
    rows = L.Reshape((4, -1), name="reshape_infer")(scaled)                  # (4, 18)
    swapped = L.Permute((2, 1), name="permute_2d")(rows)                     # (18, 4)
    channels_first = L.Permute((3, 1, 2), name="permute_3d")(inp)            # (3, 6, 4)
    ln_last = L.LayerNormalization(name="layernorm_last")(scaled)
    ln_hw = L.LayerNormalization(axis=[1, 2], center=False, name="layernorm_hw")(scaled)
    ln_split = L.LayerNormalization(axis=[1, 3], scale=False, epsilon=0.01, name="layernorm_h_c")(scaled)
    x = scaled
    for layer in [L.SpatialDropout2D(0.3, name="spatial_dropout2d"), L.AlphaDropout(0.2, name="alpha_dropout"),
                  L.GaussianNoise(0.5, name="gaussian_noise"), L.GaussianDropout(0.2, name="gaussian_dropout"),
                  L.ActivityRegularization(l1=0.01, name="activity_reg"), L.RandomFlip(name="random_flip"),
                  L.RandomRotation(0.2, name="random_rotation"), L.RandomZoom(0.2, name="random_zoom"),
                  L.RandomTranslation(0.1, 0.1, name="random_translation"),
                  L.RandomContrast(0.3, name="random_contrast"), L.RandomBrightness(0.2, name="random_brightness"),
                  L.Dropout(0.5, name="dropout")]:
        x = layer(x)
    volume = L.Reshape((2, 3, 4, 3), name="reshape_5d")(inp)
    volume = L.SpatialDropout3D(0.3, name="spatial_dropout3d")(volume)
    sequence = L.SpatialDropout1D(0.3, name="spatial_dropout1d")(swapped)
    crop_wide = L.RandomCrop(4, 2, name="random_crop_4x2")(inp)
    crop_mixed = L.RandomCrop(4, 3, name="random_crop_4x3")(inp)
    gap = L.GlobalAveragePooling2D(keepdims=True, name="global_avg_keepdims")(ln_last)
    gmp = L.GlobalMaxPooling2D(name="global_max")(ln_hw)
    flat = [L.Flatten(name=f"flat_{t._keras_history.layer.name}")(t)
            for t in (channels_first, ln_split, x, volume, sequence, crop_wide, crop_mixed, gap)]
    joined = L.Concatenate(name="joined")(flat + [gmp])
    out = L.Dense(4, activation="softmax", name="head")(joined)
    model = keras.Model(inputs=inp, outputs=out, name="shapes")
    randomize_biases(model, seed + 1)
    randomize_layer_params(model, seed + 2)
    return model


def build_bad_lstm(seed):
    L = keras.layers
    model = keras.Sequential([L.LSTM(4, input_shape=(5, 3), name="lstm"), L.Dense(2, name="d1")],
                             name="bad_lstm")
    randomize_biases(model, seed + 1)
    return model

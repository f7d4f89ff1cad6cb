package org.ktcj.runtime.evaluate;

import java.util.List;
import java.util.function.Supplier;
import org.ktcj.ir.Model;
import org.ktcj.runtime.models.ReferenceModels;

/**
 * Kneron's published NPU times (ms per inference; ../shared/reference/README.md) for the architectures
 * the performance model is calibrated on, with a model of each built with the layer structure of
 * torchvision (MobileNetV2, ResNet50 v1.5), Darknet (yolov3-tiny) or TensorFlow's object detection
 * models (SSDLite).
 *
 * @param name     the row of Kneron's table
 * @param model    builds the model
 * @param bounded  whether the estimate must be within 20% of the published time (the three models)
 * @param times    the published times on the KL520, KL720, KL530 and KL630 ({@link Chips#IDS}' order)
 */
record Published(String name, Supplier<Model> model, boolean bounded, double... times) {
    /** The rows the efficiencies are fitted to. */
    static final List<Published> CALIBRATION = List.of(
            new Published("MobileNet v2 (224)", () -> ReferenceModels.mobileNetV2(224, 13), true,
                    16.3, 1.60, 2.92, 4.568),
            new Published("ResNet50 v1.5 (224)", () -> ReferenceModels.resNet50(224, 13), true,
                    142.4, 19.1, 27.18, 43.63),
            new Published("Tiny YOLO v3 (416)", () -> TinyYoloV3.build(416), true, 43.8, 6.75, 13.77, 9.964),
            new Published("MobileNet v2 SSDLite (300)", () -> SsdLite.build(300), false, 32.9, 3.54, 4.94, 7.69));

    /** The published time on a chip. */
    double time(String chipId) {
        return times[Chips.IDS.indexOf(chipId)];
    }
}

package org.ktcj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.io.Npy;

/**
 * The {@code --input NAME=PATH} arguments of {@code infer} and {@code bench}: matched to the model's
 * inputs and read from {@code .npy} files.
 *
 * <p>A model with one input also takes {@code --input PATH}. Arrays of another numeric type than a
 * floating-point input's (NumPy saves float64 by default, images are uint8) are converted to it; any
 * other type mismatch is left for the session to reject.
 */
final class InputArgs {
    private InputArgs() {
    }

    /**
     * Reads the given inputs, keyed by model input name in the model's order. Inputs not given are
     * absent from the result.
     */
    static Map<String, Tensor> read(List<String> args, List<ValueInfo> modelInputs, Layout layout) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String arg : args) {
            Map.Entry<ValueInfo, Path> e = resolve(arg, modelInputs, args.size());
            if (files.put(e.getKey().name(), e.getValue()) != null) {
                throw new KtcException("input '" + e.getKey().name() + "' is given twice");
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (ValueInfo in : modelInputs) {
            Path file = files.get(in.name());
            if (file != null) {
                out.put(in.name(), convert(layout.toModelLayout(Npy.read(file)), in.type()));
            }
        }
        return out;
    }

    /**
     * Reads calibration samples: each PATH is a {@code .npy} file (one sample, or a batch on axis 0) or a
     * directory of them (read in name order); an input may be given more than once.
     */
    static Map<String, List<Tensor>> readSamples(List<String> args, List<ValueInfo> modelInputs, Layout layout) {
        Map<String, List<Tensor>> out = new LinkedHashMap<>();
        for (String arg : args) {
            Map.Entry<ValueInfo, Path> e = resolve(arg, modelInputs, args.size());
            List<Tensor> samples = out.computeIfAbsent(e.getKey().name(), k -> new ArrayList<>());
            for (Path file : npyFiles(e.getValue())) {
                samples.add(convert(layout.toModelLayout(Npy.read(file)), e.getKey().type()));
            }
        }
        return out;
    }

    /** The file itself, or a directory's .npy files by name; a directory without any is an error. */
    private static List<Path> npyFiles(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        List<Path> files;
        try (Stream<Path> children = Files.list(path)) {
            files = children.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new KtcException(path + ": cannot list: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new KtcException(path + ": no .npy files in this directory (images are not read yet: convert"
                    + " them to .npy after your preprocessing)");
        }
        return files;
    }

    /** The inputs' names as a list for messages: [a, b]. */
    static String names(List<ValueInfo> modelInputs) {
        return modelInputs.stream().map(ValueInfo::name).toList().toString();
    }

    private static Map.Entry<ValueInfo, Path> resolve(String arg, List<ValueInfo> modelInputs, int argCount) {
        // The name ends at the first '=' whose left side names an input: input names and paths may hold '='.
        for (int eq = arg.indexOf('='); eq >= 0; eq = arg.indexOf('=', eq + 1)) {
            String name = arg.substring(0, eq);
            for (ValueInfo in : modelInputs) {
                if (in.name().equals(name)) {
                    return Map.entry(in, Path.of(arg.substring(eq + 1)));
                }
            }
        }
        int eq = arg.indexOf('=');
        if (eq >= 0 && !Files.exists(Path.of(arg))) {
            throw new KtcException("unknown input '" + arg.substring(0, eq) + "' in --input " + arg
                    + "; the model's inputs are " + names(modelInputs));
        }
        if (modelInputs.size() != 1 || argCount != 1) {
            throw new KtcException("--input " + arg + " does not say which input it is; the model's inputs are "
                    + names(modelInputs) + ": give --input NAME=PATH");
        }
        return Map.entry(modelInputs.get(0), Path.of(arg));
    }

    private static Tensor convert(Tensor t, DataType declared) {
        boolean numeric = t.type() != DataType.STRING;
        if (declared != null && declared != t.type() && declared.isFloatingPoint() && numeric) {
            return t.castTo(declared);
        }
        return t;
    }
}

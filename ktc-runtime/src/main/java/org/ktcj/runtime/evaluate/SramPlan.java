package org.ktcj.runtime.evaluate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which feature maps stay in the NPU's SRAM and which spill to DRAM, and so what each step
 * reads from and writes to DRAM.
 *
 * <p>A map that only the next step reads is streamed: the compiler cuts both layers into stripes of
 * rows (Kneron's feature-map cut), so the map passes through SRAM a stripe at a time, whatever its
 * size. A map that must wait for a later step (a residual branch, a route to a Concat) is held whole:
 * maps are placed in model order, first come first served, and one stays in SRAM when it fits beside
 * every map still held there, and is written to DRAM otherwise; it leaves SRAM after its last reader.
 * Model inputs, the outputs of CPU nodes and anything a CPU node reads are in DRAM, and model outputs
 * are written there. A view (Reshape, channel Concat) stores nothing of its own: it names the maps it
 * is made of.
 */
final class SramPlan {
    /**
     * A step's feature-map traffic.
     *
     * @param inputBytes      the bytes of the feature maps it reads
     * @param dramReadBytes   those of them read from DRAM
     * @param dramWriteBytes  the bytes of its outputs written to DRAM
     */
    record Traffic(long inputBytes, long dramReadBytes, long dramWriteBytes) {
        static final Traffic NONE = new Traffic(0, 0, 0);
    }

    private final Map<String, Long> bytes;
    private final Map<String, List<String>> storage = new HashMap<>();
    private final Map<String, Integer> lastUse = new HashMap<>();
    private final Map<String, Integer> firstUse = new HashMap<>();
    private final Map<String, Integer> madeBy = new HashMap<>();
    private final Set<String> inDram = new HashSet<>();

    private SramPlan(Map<String, Long> bytes) {
        this.bytes = bytes;
    }

    /**
     * Plans the steps.
     *
     * @param bytes        the size of every feature map by name (0 when unknown)
     * @param modelInputs  the model's inputs
     * @param modelOutputs the model's outputs
     * @param sramBytes    the SRAM feature maps may use
     * @return each step's traffic, in step order (NONE for steps off the NPU and views)
     */
    static List<Traffic> plan(List<Step> steps, Map<String, Long> bytes, List<String> modelInputs,
                              List<String> modelOutputs, long sramBytes) {
        SramPlan p = new SramPlan(bytes);
        p.link(steps, modelInputs, modelOutputs);
        return p.allocate(steps, sramBytes);
    }

    /** Resolves views to the maps they are made of, and finds each map's last reader and who needs it in DRAM. */
    private void link(List<Step> steps, List<String> modelInputs, List<String> modelOutputs) {
        inDram.addAll(modelInputs);
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            Set<String> read = new LinkedHashSet<>();
            for (String in : s.inputs()) {
                read.addAll(storageOf(in));
            }
            for (String m : read) {
                lastUse.put(m, i);
                firstUse.putIfAbsent(m, i);
            }
            if (!s.onNpu()) {
                inDram.addAll(read);
            }
            for (String out : s.outputs()) {
                storage.put(out, s.onNpu() && isView(s) ? List.copyOf(read) : List.of(out));
                madeBy.put(out, i);
            }
        }
        for (String out : modelOutputs) {
            inDram.addAll(storageOf(out));
        }
    }

    private List<Traffic> allocate(List<Step> steps, long sramBytes) {
        Set<String> held = new HashSet<>();
        long heldBytes = 0;
        List<Traffic> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (!s.onNpu() || isView(s)) {
                out.add(Traffic.NONE);
                continue;
            }
            long input = 0;
            long read = 0;
            Set<String> maps = new LinkedHashSet<>();
            for (String in : s.inputs()) {
                input += size(in);
                maps.addAll(storageOf(in));
            }
            for (String m : maps) {
                read += held.contains(m) || streamed(m, steps) ? 0 : size(m);
            }
            long written = 0;
            for (String o : s.outputs()) {
                long b = size(o);
                if (streamed(o, steps)) {
                    continue;
                }
                boolean wanted = lastUse.containsKey(o);
                boolean stays = wanted && heldBytes + b <= sramBytes;
                if (stays) {
                    held.add(o);
                    heldBytes += b;
                }
                written += inDram.contains(o) || wanted && !stays ? b : 0;
            }
            out.add(new Traffic(input, read, written));
            for (var it = held.iterator(); it.hasNext(); ) {
                String m = it.next();
                if (lastUse.getOrDefault(m, -1) <= i) {
                    heldBytes -= size(m);
                    it.remove();
                }
            }
        }
        return out;
    }

    /** Whether the map's one reader is the next step that does work, on the NPU, and no one needs it in DRAM. */
    private boolean streamed(String map, List<Step> steps) {
        Integer from = madeBy.get(map);
        Integer first = firstUse.get(map);
        if (from == null || first == null || !first.equals(lastUse.get(map)) || inDram.contains(map)) {
            return false;
        }
        for (int i = from + 1; i < first; i++) {
            if (!steps.get(i).onNpu() || !isView(steps.get(i))) {
                return false;
            }
        }
        return steps.get(from).onNpu() && steps.get(first).onNpu();
    }

    private List<String> storageOf(String value) {
        return storage.getOrDefault(value, List.of(value));
    }

    private long size(String value) {
        return bytes.getOrDefault(value, 0L);
    }

    private static boolean isView(Step s) {
        return s.work().kind() == LayerKind.VIEW;
    }
}

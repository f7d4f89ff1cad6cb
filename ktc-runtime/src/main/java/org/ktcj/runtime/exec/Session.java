package org.ktcj.runtime.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;
import org.ktcj.runtime.ops.Operator;
import org.ktcj.runtime.ops.ShapeInference;
import org.ktcj.runtime.ops.UnsupportedOperatorException;
import org.ktcj.runtime.ops.Workspace;

/**
 * The float simulator: runs a model on tensors in memory.
 *
 * <p>A session checks on creation that it has every operator. On the first run with a given set of
 * input shapes it makes a plan: shapes of every value, constants folded, a kernel per remaining node
 * (kernels prepare their weights), and the step after which each value is dead. A node that only
 * clamps the output of the one before it (a Relu after a Conv) runs inside that node's kernel, unless
 * an observer is to see the value in between: runs with and without an observer have separate plans.
 * Runs reuse the plan
 * and pooled buffers, so a steady stream of same-shaped inputs allocates almost nothing. Runs may be
 * made from several threads at once; each also uses the session's worker threads inside operators.
 */
public final class Session implements AutoCloseable {
    private final Model model;
    private final Graph graph;
    private final SessionOptions options;
    private final Parallel parallel;
    private final Map<List<Object>, Plan> plans = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RunState> idle = new ConcurrentLinkedQueue<>();

    private Session(Model model, SessionOptions options) {
        this.model = model;
        this.graph = model.graph();
        this.options = options;
        for (Node n : graph.nodes()) {
            if (options.registry().find(n, model.opset()) == null) {
                throw new UnsupportedOperatorException(n, model.opset());
            }
        }
        this.parallel = Parallel.of(options.threads());
    }

    public static Session create(Model model) {
        return new Session(model, SessionOptions.defaults());
    }

    /** @throws UnsupportedOperatorException naming the first node whose operator is unknown */
    public static Session create(Model model, SessionOptions options) {
        return new Session(model, options);
    }

    public Model model() {
        return model;
    }

    /** The inputs a run needs. */
    public List<ValueInfo> inputs() {
        return graph.inputs();
    }

    public List<ValueInfo> outputs() {
        return graph.outputs();
    }

    /** Runs the model: outputs by name, in the graph's output order. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        return run(inputs, null);
    }

    /**
     * Runs the model, showing {@code observer} (if not null) every tensor as it is produced.
     *
     * @throws KtcException for a missing, unknown or ill-shaped input, or a node that fails
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, TensorObserver observer) {
        Plan plan = planFor(inputs, observer == null);
        RunState state = idle.poll();
        if (state == null) {
            state = new RunState(parallel);
        }
        try {
            return plan.execute(inputs, state, observer);
        } finally {
            idle.add(state);
        }
    }

    @Override
    public void close() {
        parallel.close();
    }

    private Plan planFor(Map<String, Tensor> inputs, boolean fuse) {
        for (String name : inputs.keySet()) {
            if (graph.inputs().stream().noneMatch(v -> v.name().equals(name))) {
                throw new KtcException("unknown input '" + name + "'; the model's inputs are "
                        + graph.inputs().stream().map(ValueInfo::name).toList());
            }
        }
        List<Object> key = new ArrayList<>();
        key.add(fuse);
        Map<String, Long> symbols = new HashMap<>();
        for (ValueInfo in : graph.inputs()) {
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new KtcException("input '" + in.name() + "' is missing");
            }
            checkInput(in, t, symbols);
            key.add(t.type());
            key.add(Arrays.toString(t.shape()));
        }
        return plans.computeIfAbsent(key, k -> new Plan(inputs, fuse));
    }

    private static void checkInput(ValueInfo declared, Tensor t, Map<String, Long> symbols) {
        if (declared.type() != null && declared.type() != t.type()) {
            throw new KtcException("input '" + declared.name() + "' is " + t.type().displayName()
                    + "; the model expects " + declared.type().displayName());
        }
        Shape s = declared.shape();
        if (s == null) {
            return;
        }
        int[] actual = t.shape();
        boolean ok = s.rank() == actual.length;
        for (int i = 0; ok && i < actual.length; i++) {
            Dim d = s.dim(i);
            if (d.isKnown()) {
                ok = d.size() == actual[i];
            } else if (d.symbol() != null) {
                Long bound = symbols.putIfAbsent(d.symbol(), (long) actual[i]);
                ok = bound == null || bound == actual[i];
            }
        }
        if (!ok) {
            throw new KtcException("input '" + declared.name() + "' has shape " + Arrays.toString(actual)
                    + "; the model expects " + s);
        }
    }

    /** Everything about running the graph for one set of input shapes. */
    private final class Plan {
        private final Map<String, Integer> slotOf = new HashMap<>();
        private final Tensor[] constants;
        private final List<Step> steps = new ArrayList<>();
        private final boolean[] isOutput;
        private final int[] inputSlots;
        private final int[] outputSlots;

        /** @param fuse whether a node may absorb the clamp that follows it */
        Plan(Map<String, Tensor> sample, boolean fuse) {
            Map<String, ValueInfo> concrete = new HashMap<>();
            for (ValueInfo in : graph.inputs()) {
                Tensor t = sample.get(in.name());
                concrete.put(in.name(), ValueInfo.of(in.name(), t.type(), t.shape()));
            }
            ShapeInference.Result shapes = ShapeInference.infer(graph, model.opset(), options.registry(), true, concrete);
            inputSlots = new int[graph.inputs().size()];
            for (int i = 0; i < inputSlots.length; i++) {
                inputSlots[i] = slot(graph.inputs().get(i).name());
            }
            List<Tensor> consts = new ArrayList<>();
            for (Map.Entry<String, Tensor> e : shapes.constants().entrySet()) {
                int s = slot(e.getKey());
                while (consts.size() <= s) {
                    consts.add(null);
                }
                consts.set(s, e.getValue());
            }
            Map<String, List<Node>> readers = fuse ? readers() : Map.of();
            Set<Node> absorbed = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Node node : graph.nodes()) {
                boolean folded = !node.outputs().isEmpty();
                for (String out : node.outputs()) {
                    folded &= out.isEmpty() || shapes.constants().containsKey(out);
                }
                if (folded || absorbed.contains(node)) {
                    continue;
                }
                Operator op = options.registry().find(node, model.opset());
                NodeContext ctx = context(node, shapes);
                int[] in = new int[node.inputs().size()];
                for (int i = 0; i < in.length; i++) {
                    in[i] = node.input(i).isEmpty() ? -1 : slot(node.input(i));
                }
                Node last = node;
                Kernel kernel = null;
                Clamp clamp = fuse ? soleClampAfter(node, readers, shapes) : null;
                if (clamp != null) {
                    kernel = op.clampedKernel(ctx, clamp.bounds());
                    if (kernel != null) {
                        absorbed.add(clamp.node());
                        last = clamp.node();
                    }
                }
                if (kernel == null) {
                    kernel = op.kernel(ctx);
                }
                int[] out = new int[last.outputs().size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = last.output(i).isEmpty() ? -1 : slot(last.output(i));
                }
                steps.add(new Step(node, kernel, in, out));
            }
            constants = new Tensor[slotOf.size()];
            for (int i = 0; i < consts.size(); i++) {
                constants[i] = consts.get(i);
            }
            isOutput = new boolean[slotOf.size()];
            outputSlots = new int[graph.outputs().size()];
            for (int i = 0; i < outputSlots.length; i++) {
                outputSlots[i] = slot(graph.outputs().get(i).name());
                if (outputSlots[i] < isOutput.length) {
                    isOutput[outputSlots[i]] = true;
                }
            }
            // A value dies after the last step that reads it.
            int[] lastUse = new int[slotOf.size()];
            Arrays.fill(lastUse, -1);
            for (int s = 0; s < steps.size(); s++) {
                for (int in : steps.get(s).inputs) {
                    if (in >= 0) {
                        lastUse[in] = s;
                    }
                }
            }
            for (int s = 0; s < steps.size(); s++) {
                Step step = steps.get(s);
                for (int out : step.outputs) {
                    if (out >= 0 && lastUse[out] < 0 && !isOutput[out]) {
                        step.dies.add(out); // never read: free right after it is made
                    }
                }
            }
            boolean[] isInput = new boolean[slotOf.size()];
            for (int s : inputSlots) {
                isInput[s] = true;
            }
            for (int v = 0; v < lastUse.length; v++) {
                if (lastUse[v] >= 0 && !isOutput[v] && !isInput[v] && constants[v] == null) {
                    steps.get(lastUse[v]).dies.add(v);
                }
            }
        }

        private int slot(String name) {
            return slotOf.computeIfAbsent(name, k -> slotOf.size());
        }

        private NodeContext context(Node node, ShapeInference.Result shapes) {
            int n = node.inputs().size();
            ValueInfo[] ins = new ValueInfo[n];
            Tensor[] vals = new Tensor[n];
            for (int i = 0; i < n; i++) {
                String name = node.input(i);
                if (!name.isEmpty()) {
                    ins[i] = shapes.info(name);
                    vals[i] = shapes.constants().get(name);
                }
            }
            return new NodeContext(node, model.opset(), ins, vals);
        }

        /** The nodes that read each value, once per input naming it; graph outputs count as a null reader. */
        private Map<String, List<Node>> readers() {
            Map<String, List<Node>> readers = new HashMap<>();
            for (Node n : graph.nodes()) {
                for (String in : n.inputs()) {
                    readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
            for (ValueInfo out : graph.outputs()) {
                readers.computeIfAbsent(out.name(), k -> new ArrayList<>()).add(null);
            }
            return readers;
        }

        /**
         * The node that clamps {@code node}'s single output when nothing else reads that output (nor is
         * it a graph output), so that the two can run as one; else null.
         */
        private Clamp soleClampAfter(Node node, Map<String, List<Node>> readers, ShapeInference.Result shapes) {
            if (node.outputs().size() != 1) {
                return null;
            }
            List<Node> r = readers.getOrDefault(node.output(0), List.of());
            Node next = r.size() == 1 ? r.get(0) : null;
            if (next == null || !next.input(0).equals(node.output(0)) || next.outputs().size() != 1) {
                return null;
            }
            float[] bounds = options.registry().find(next, model.opset()).clampBounds(context(next, shapes));
            return bounds == null ? null : new Clamp(next, bounds);
        }

        Map<String, Tensor> execute(Map<String, Tensor> inputs, RunState state, TensorObserver observer) {
            Tensor[] values = constants.clone();
            for (int i = 0; i < inputSlots.length; i++) {
                values[inputSlots[i]] = inputs.get(graph.inputs().get(i).name());
            }
            Map<Object, Integer> refs = state.refs;
            refs.clear();
            for (Step step : steps) {
                Tensor[] in = new Tensor[step.inputs.length];
                for (int i = 0; i < in.length; i++) {
                    in[i] = step.inputs[i] < 0 ? null : values[step.inputs[i]];
                }
                state.begin(step, in, isOutput);
                Tensor[] out;
                try {
                    out = step.kernel.run(in, state);
                } catch (KtcException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new KtcException(step.node.describe() + " failed: " + e, e);
                }
                for (int i = 0; i < step.outputs.length && i < out.length; i++) {
                    if (step.outputs[i] < 0) {
                        continue;
                    }
                    values[step.outputs[i]] = out[i];
                    refs.merge(out[i].carrier(), 1, Integer::sum);
                    if (observer != null) {
                        observer.onTensor(step.node, step.node.output(i), out[i]);
                    }
                }
                for (int dead : step.dies) {
                    Tensor t = values[dead];
                    values[dead] = null;
                    if (t != null) {
                        Object carrier = t.carrier();
                        if (refs.merge(carrier, -1, Integer::sum) == 0) {
                            refs.remove(carrier);
                            if (state.pool.owns(carrier)) {
                                state.pool.release(carrier);
                            }
                        }
                    }
                }
            }
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (int i = 0; i < outputSlots.length; i++) {
                Tensor t = values[outputSlots[i]];
                Object carrier = t.carrier();
                if (state.pool.owns(carrier) || java.lang.reflect.Array.getLength(carrier) != t.size()) {
                    // Results are the caller's: never a pooled buffer, never longer than the tensor.
                    state.pool.disown(carrier);
                    t = t.copy();
                }
                result.put(graph.outputs().get(i).name(), t);
            }
            return Collections.unmodifiableMap(result);
        }
    }

    /** A node that clamps the output of the one before it, and its bounds {lower, upper}. */
    private record Clamp(Node node, float[] bounds) {
    }

    private static final class Step {
        final Node node;
        final Kernel kernel;
        final int[] inputs;
        final int[] outputs;
        final List<Integer> dies = new ArrayList<>();

        Step(Node node, Kernel kernel, int[] inputs, int[] outputs) {
            this.node = Objects.requireNonNull(node);
            this.kernel = kernel;
            this.inputs = inputs;
            this.outputs = outputs;
        }
    }

    /** One run's buffers: a pool and reference counts, used by one thread at a time. */
    private static final class RunState implements Workspace {
        final BufferPool pool = new BufferPool();
        final Map<Object, Integer> refs = new IdentityHashMap<>();
        final Parallel parallel;
        final ThreadScratch scratch = new ThreadScratch();
        private Step step;
        private Tensor[] inputs;
        private boolean[] isOutput;

        RunState(Parallel parallel) {
            this.parallel = parallel;
        }

        void begin(Step s, Tensor[] in, boolean[] outputs) {
            this.step = s;
            this.inputs = in;
            this.isOutput = outputs;
        }

        @Override
        public Tensor allocate(int outputIndex, DataType type, int[] shape) {
            return allocate(outputIndex, type, shape, true);
        }

        @Override
        public Tensor allocateUninitialized(int outputIndex, DataType type, int[] shape) {
            return allocate(outputIndex, type, shape, false);
        }

        @Override
        public Tensor allocateInPlace(int outputIndex, DataType type, int[] shape, Tensor input) {
            if (!isResult(outputIndex) && input.type() == type && Arrays.equals(input.shape(), shape)
                    && diesHere(input)) {
                return Tensor.wrap(type, shape, input.carrier());
            }
            return allocateUninitialized(outputIndex, type, shape);
        }

        /**
         * True when {@code input} is one of this step's inputs, its value is not needed after the step,
         * and no other live value shares its carrier. (The output's reference then keeps the carrier
         * from going back to the pool when the input dies.)
         */
        private boolean diesHere(Tensor input) {
            Object carrier = input.carrier();
            if (!pool.owns(carrier) || refs.getOrDefault(carrier, 0) != 1) {
                return false;
            }
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] == input && step.dies.contains(step.inputs[i])) {
                    return true;
                }
            }
            return false;
        }

        /** True when the step's output is a result of the run, which the caller keeps. */
        private boolean isResult(int outputIndex) {
            int slot = outputIndex < step.outputs.length ? step.outputs[outputIndex] : -1;
            return slot >= 0 && isOutput[slot];
        }

        private Tensor allocate(int outputIndex, DataType type, int[] shape, boolean zeroed) {
            return isResult(outputIndex) ? Tensor.zeros(type, shape) : pool.take(type, shape, zeroed);
        }

        @Override
        public float[] scratch(int slot, int length) {
            return scratch.get(slot, length);
        }

        @Override
        public Parallel parallel() {
            return parallel;
        }
    }
}

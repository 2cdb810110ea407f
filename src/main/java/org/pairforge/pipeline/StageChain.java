package org.pairforge.pipeline;

import org.pairforge.core.Extraction;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the stages after extraction, in order, over one extraction's samples. A dropped sample becomes a
 * candidate-level rejection (so {@code candidates = kept + Σ dropped} still holds), and a stage's unforeseen
 * fault a {@code stage_fault} rejection naming the stage; the other samples go on.
 */
final class StageChain {
    static final String FAULT = "stage_fault";

    /** Each element is a {@link Stage} or a {@link BatchStage}. */
    private final List<Object> stages;

    StageChain(List<Object> stages) {
        for (Object s : stages) {
            if (!(s instanceof Stage) && !(s instanceof BatchStage)) {
                throw new IllegalArgumentException("not a stage: " + s);
            }
        }
        this.stages = List.copyOf(stages);
    }

    List<Object> stages() {
        return stages;
    }

    boolean isEmpty() {
        return stages.isEmpty();
    }

    Extraction apply(Extraction extraction) {
        if (stages.isEmpty() || extraction.samples().isEmpty()) {
            return extraction;
        }
        List<Sample> live = extraction.samples();
        List<Rejection> rejections = new ArrayList<>(extraction.rejections());
        for (Object stage : stages) {
            List<Sample> next = new ArrayList<>(live.size());
            if (stage instanceof BatchStage batch) {
                List<Verdict> verdicts;
                try {
                    verdicts = batch.apply(live);
                    if (verdicts == null || verdicts.size() != live.size()) {
                        throw new IllegalStateException("it returned " + (verdicts == null ? "no list" : verdicts.size()
                                + " verdicts") + " for " + live.size() + " samples");
                    }
                } catch (Exception | StackOverflowError e) {
                    for (Sample s : live) {
                        rejections.add(fault(batch.name(), s, e));
                    }
                    live = next;
                    continue;
                }
                for (int i = 0; i < live.size(); i++) {
                    settle(batch.name(), live.get(i), verdicts.get(i), next, rejections);
                }
            } else {
                Stage single = (Stage) stage;
                for (Sample s : live) {
                    Verdict v;
                    try {
                        v = single.apply(s);
                    } catch (Exception | StackOverflowError e) {
                        rejections.add(fault(single.name(), s, e));
                        continue;
                    }
                    settle(single.name(), s, v, next, rejections);
                }
            }
            live = next;
            if (live.isEmpty()) {
                break;
            }
        }
        return extraction.with(live, rejections);
    }

    private static void settle(String stage, Sample before, Verdict v, List<Sample> next, List<Rejection> rejections) {
        if (v == null) {
            rejections.add(fault(stage, before, new IllegalStateException("it returned no verdict")));
        } else if (!v.kept()) {
            rejections.add(new Rejection(before.source().id(), before.key(), v.stage(), v.reason(),
                    v.message() == null ? v.reason() : v.message(), v.details()));
        } else if (!v.sample().key().equals(before.key())) {
            rejections.add(fault(stage, before, new IllegalStateException("it renamed the sample to " + v.sample().key())));
        } else {
            next.add(v.sample());
        }
    }

    private static Rejection fault(String stage, Sample s, Throwable e) {
        return new Rejection(s.source().id(), s.key(), Rejection.Stage.FILTER, FAULT,
                "stage '" + stage + "' failed on this sample (please report): " + e);
    }
}

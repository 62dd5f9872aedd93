package org.spikeforge.hw.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.SpikeTrain;

class InputQuantizerTest {

    @Test
    void stepIsTimeOverDtRoundedHalfUp() {
        InputQuantizer q = new InputQuantizer(0.5, 10);
        assertEquals(0, q.step(0.0));
        assertEquals(0, q.step(0.2499));
        assertEquals(1, q.step(0.25));   // 0.5 -> 1
        assertEquals(3, q.step(1.6));    // 3.2 -> 3
        assertEquals(4, q.step(1.75));   // 3.5 -> 4
    }

    @Test
    void quantizesEveryChannelAndDropsSpikesAfterTheTrial() {
        InputSpikes in = InputSpikes.newBuilder().setChannels(2).setLabel(1)
                .addTrains(SpikeTrain.newBuilder().addTimes(0.1).addTimes(0.26).addTimes(4.9))
                .addTrains(SpikeTrain.newBuilder().addTimes(0.74).addTimes(0.76)).build();
        InputSpikes out = new InputQuantizer(0.5, 10).quantize(in);
        assertEquals(List.of(0L, 1L), out.getTrains(0).getStepsList()); // 4.9 / 0.5 = 9.8 -> 10 >= 10 dropped
        assertEquals(List.of(1L, 2L), out.getTrains(1).getStepsList());
        assertEquals(List.of(0.1, 0.26, 4.9), out.getTrains(0).getTimesList());
        assertEquals(1, out.getLabel());
    }

    @Test
    void badTimesAreRefused() {
        InputSpikes in = InputSpikes.newBuilder().addTrains(SpikeTrain.newBuilder().addTimes(1.0).addTimes(Double.NaN)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InputQuantizer(0.5, 10).quantize(in));
        assertEquals("input channel 0 times[1] = NaN must be finite and >= 0", e.getMessage());
    }
}

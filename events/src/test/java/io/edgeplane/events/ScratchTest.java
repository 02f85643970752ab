package io.edgeplane.events;
import org.junit.jupiter.api.Test;
import java.util.Set;
class ScratchTest {
  @Test void dump() throws Exception {
    for (var e : SampleEvents.all().entrySet()) {
      var env = SampleEvents.envelope(e.getKey(), "x");
      var rec = CloudEventCodec.toRecord(env);
      System.out.println(e.getKey()+" key="+rec.key()+" "+new String(rec.value()));
      var back = CloudEventCodec.decode(rec.headers(), rec.value(), Set.of(EventType.values()));
      System.out.println("  equal=" + back.equals(env) + " dataEqual=" + back.data().equals(env.data()));
      if (!back.data().equals(env.data())) System.out.println("  back=" + back.data());
    }
  }
}

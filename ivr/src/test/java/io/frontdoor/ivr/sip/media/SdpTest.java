package io.frontdoor.ivr.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpTest {
    static String offer(String formats, String extra) {
        return "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP " + formats + "\r\n" + extra;
    }

    @Test
    void picksThePeersFirstG711AndItsTelephoneEventType() throws Exception {
        Sdp.Media m = Sdp.read(offer("18 8 0 96", "a=rtpmap:18 G729/8000\r\na=rtpmap:96 telephone-event/8000\r\n"));
        assertEquals(G711.PCMA, m.codec());
        assertEquals(96, m.eventPayloadType());
        assertEquals(40000, m.remote().getPort());
        assertEquals(Sdp.Direction.SENDRECV, m.direction());
        assertFalse(m.onHold());
    }

    @Test
    void staticTypesNeedNoRtpmap() throws Exception {
        Sdp.Media m = Sdp.read(offer("0", ""));
        assertEquals(G711.PCMU, m.codec());
        assertEquals(-1, m.eventPayloadType());
    }

    @Test
    void noCommonCodecIsNotAcceptable() {
        var e = assertThrows(Sdp.NotAcceptableException.class,
                () -> Sdp.read(offer("18 9", "a=rtpmap:18 G729/8000\r\na=rtpmap:9 G722/8000\r\n")));
        assertTrue(e.getMessage().contains("no common codec"), e.getMessage());
        assertThrows(Sdp.NotAcceptableException.class, () -> Sdp.read("this is not sdp"));
    }

    @Test
    void holdIsSeenFromSendonlyOrTheZeroAddress() throws Exception {
        assertTrue(Sdp.read(offer("0", "a=sendonly\r\n")).onHold());
        assertEquals(Sdp.Direction.RECVONLY, Sdp.read(offer("0", "a=sendonly\r\n")).direction().answer());
        Sdp.Media zero = Sdp.read(offer("0", "").replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0"));
        assertNull(zero.remote());
        assertTrue(zero.onHold());
    }

    @Test
    void ourAnswerReadsBackAsWhatWeMeant() throws Exception {
        String answer = Sdp.describe(42, 2, InetAddress.getLoopbackAddress(), 30000, List.of(G711.PCMA), 101,
                Sdp.Direction.SENDRECV);
        assertTrue(answer.contains("m=audio 30000 RTP/AVP 8 101"), answer);
        assertTrue(answer.contains("a=rtpmap:101 telephone-event/8000"), answer);
        Sdp.Media back = Sdp.read(answer);
        assertEquals(G711.PCMA, back.codec());
        assertEquals(101, back.eventPayloadType());
        assertEquals(30000, back.remote().getPort());
    }
}

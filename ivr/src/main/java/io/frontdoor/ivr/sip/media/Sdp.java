package io.frontdoor.ivr.sip.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import javax.sdp.Attribute;
import javax.sdp.Connection;
import javax.sdp.MediaDescription;
import javax.sdp.SdpException;
import javax.sdp.SdpFactory;
import javax.sdp.SessionDescription;

/**
 * SDP offer/answer (RFC 3264) for one audio stream: G.711 µ-law (0) or A-law (8), and RFC 4733
 * telephone-event on the payload type the peer chose. Parsing goes through jain-sip's
 * {@code javax.sdp}.
 */
public final class Sdp {
    /** The payload type FrontDoor offers for telephone-event. */
    public static final int OFFERED_EVENT_PT = 101;

    private Sdp() {
    }

    /** The offer (or answer) cannot be used: no audio, no common codec, bad syntax. */
    public static final class NotAcceptableException extends Exception {
        private static final long serialVersionUID = 1L;

        public NotAcceptableException(String message) {
            super(message);
        }
    }

    /** Which way media flows, as the peer said it. */
    public enum Direction {
        SENDRECV, SENDONLY, RECVONLY, INACTIVE;

        /** What to answer to this offer. */
        public Direction answer() {
            return switch (this) {
                case SENDONLY -> RECVONLY;
                case RECVONLY -> SENDONLY;
                default -> this;
            };
        }

        /** Whether this side may send, given the peer's direction. */
        public boolean weMaySend() {
            return this == SENDRECV || this == RECVONLY;
        }
    }

    /**
     * The outcome of reading the peer's SDP.
     *
     * @param remote           where to send RTP ({@code null} when the peer put the call on hold with 0.0.0.0)
     * @param codec            the codec both sides use
     * @param eventPayloadType the peer's telephone-event payload type, or -1
     * @param direction        the peer's direction
     */
    public record Media(InetSocketAddress remote, G711 codec, int eventPayloadType, Direction direction) {
        public boolean onHold() {
            return remote == null || !direction.weMaySend();
        }
    }

    /** Reads an offer or answer and picks the first codec of the peer's list that FrontDoor speaks. */
    public static Media read(String sdp) throws NotAcceptableException {
        try {
            SessionDescription sd = SdpFactory.getInstance().createSessionDescription(sdp);
            @SuppressWarnings("unchecked")
            Vector<MediaDescription> media = sd.getMediaDescriptions(false);
            if (media == null) {
                throw new NotAcceptableException("no media in the SDP");
            }
            for (MediaDescription md : media) {
                if (!"audio".equals(md.getMedia().getMediaType()) || md.getMedia().getMediaPort() == 0) {
                    continue;
                }
                Connection c = md.getConnection() != null ? md.getConnection() : sd.getConnection();
                if (c == null) {
                    throw new NotAcceptableException("no connection address (c=) for the audio");
                }
                Map<Integer, String> rtpmap = rtpmap(md);
                G711 codec = null;
                int eventPt = -1;
                @SuppressWarnings("unchecked")
                Vector<String> formats = md.getMedia().getMediaFormats(false);
                for (String f : formats == null ? new Vector<String>() : formats) {
                    int pt;
                    try {
                        pt = Integer.parseInt(f.trim());
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    String name = rtpmap.getOrDefault(pt, pt == 0 ? "pcmu/8000" : pt == 8 ? "pcma/8000" : "");
                    if (codec == null && name.startsWith("pcmu/8000")) {
                        codec = G711.PCMU;
                    } else if (codec == null && name.startsWith("pcma/8000")) {
                        codec = G711.PCMA;
                    } else if (eventPt < 0 && name.startsWith("telephone-event/8000")) {
                        eventPt = pt;
                    }
                }
                if (codec == null) {
                    throw new NotAcceptableException("no common codec (FrontDoor speaks PCMU and PCMA), offered "
                            + formats);
                }
                Direction direction = direction(md, sd);
                String address = c.getAddress();
                InetSocketAddress remote = "0.0.0.0".equals(address) ? null
                        : new InetSocketAddress(InetAddress.getByName(address), md.getMedia().getMediaPort());
                return new Media(remote, codec, eventPt, direction);
            }
            throw new NotAcceptableException("no audio stream in the SDP");
        } catch (SdpException | UnknownHostException | RuntimeException e) {
            throw new NotAcceptableException("unreadable SDP: " + e.getMessage());
        }
    }

    private static Map<Integer, String> rtpmap(MediaDescription md) throws SdpException {
        Map<Integer, String> out = new HashMap<>();
        @SuppressWarnings("unchecked")
        Vector<Attribute> attrs = md.getAttributes(false);
        if (attrs != null) {
            for (Attribute a : attrs) {
                if ("rtpmap".equalsIgnoreCase(a.getName()) && a.getValue() != null) {
                    String[] parts = a.getValue().trim().split("\\s+", 2);
                    try {
                        out.put(Integer.parseInt(parts[0]), parts.length > 1 ? parts[1].toLowerCase(java.util.Locale.ROOT) : "");
                    } catch (NumberFormatException ignored) {
                        // not a payload type: skip the line
                    }
                }
            }
        }
        return out;
    }

    private static Direction direction(MediaDescription md, SessionDescription sd) throws SdpException {
        Direction atMedia = direction(md.getAttributes(false));
        return atMedia != null ? atMedia : java.util.Objects.requireNonNullElse(direction(sd.getAttributes(false)),
                Direction.SENDRECV);
    }

    private static Direction direction(Vector<?> attributes) throws SdpException {
        if (attributes != null) {
            for (Object o : attributes) {
                String name = ((Attribute) o).getName();
                for (Direction d : Direction.values()) {
                    if (d.name().equalsIgnoreCase(name)) {
                        return d;
                    }
                }
            }
        }
        return null;
    }

    /**
     * This side's SDP: one audio stream at {@code address:port} with the given codecs (an answer
     * lists the one chosen, an offer both) and telephone-event when {@code eventPt >= 0}.
     */
    public static String describe(long sessionId, long version, InetAddress address, int port, List<G711> codecs,
            int eventPt, Direction direction) {
        try {
            SdpFactory f = SdpFactory.getInstance();
            SessionDescription sd = f.createSessionDescription();
            String ip = address.getHostAddress();
            String type = address instanceof java.net.Inet6Address ? "IP6" : "IP4";
            sd.setOrigin(f.createOrigin("frontdoor", sessionId, version, "IN", type, ip));
            sd.setSessionName(f.createSessionName("FrontDoor"));
            sd.setConnection(f.createConnection("IN", type, ip));
            List<Integer> pts = new ArrayList<>();
            codecs.forEach(c -> pts.add(c.payloadType()));
            if (eventPt >= 0) {
                pts.add(eventPt);
            }
            MediaDescription md = f.createMediaDescription("audio", port, 1, "RTP/AVP",
                    pts.stream().mapToInt(Integer::intValue).toArray());
            Vector<Attribute> attrs = new Vector<>();
            for (G711 c : codecs) {
                attrs.add(f.createAttribute("rtpmap", c.payloadType() + " " + c.encodingName() + "/8000"));
            }
            if (eventPt >= 0) {
                attrs.add(f.createAttribute("rtpmap", eventPt + " telephone-event/8000"));
                attrs.add(f.createAttribute("fmtp", eventPt + " 0-16"));
            }
            attrs.add(f.createAttribute("ptime", "20"));
            attrs.add(f.createAttribute(direction.name().toLowerCase(java.util.Locale.ROOT), null));
            md.setAttributes(attrs);
            Vector<MediaDescription> mds = new Vector<>();
            mds.add(md);
            sd.setMediaDescriptions(mds);
            return sd.toString();
        } catch (SdpException e) {
            throw new IllegalStateException("cannot build SDP: " + e.getMessage(), e);
        }
    }
}

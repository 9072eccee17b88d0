package io.frontdoor.ivr.asterisk.ami.peer;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** QueuePause, QueueSummary and QueueStatus against the peer's queue model (ami-06, -07, -08, -13). */
final class AmiQueueActions {
    private AmiQueueActions() {}

    /** ami-07: Success, then DeviceStateChange(s), then QueueMemberPause; never QueueMemberStatus. */
    static void pause(AmiSession session, AmiMessage action) throws IOException {
        String iface = action.get("Interface");
        String pausedText = action.get("Paused");
        if (iface == null || pausedText == null) {
            session.send(AmiActions.error(action, "Need 'Interface' and 'Paused' parameters."));
            return;
        }
        boolean paused = pausedText.equalsIgnoreCase("true") || pausedText.equalsIgnoreCase("yes")
                || pausedText.equals("1");
        String queueName = action.get("Queue");
        String reason = action.get("Reason") == null ? "" : action.get("Reason");
        AsteriskAmiPeer peer = session.peer;
        List<String> events = new ArrayList<>();
        synchronized (peer.lock) {
            List<AmiQueue> targets = peer.queues.values().stream()
                    .filter(q -> queueName == null || q.name.equals(queueName))
                    .filter(q -> q.members.containsKey(iface))
                    .toList();
            if (targets.isEmpty()) {
                session.send(AmiActions.error(action, "Interface not found"));
                return;
            }
            for (AmiQueue queue : targets) {
                AmiQueue.Member member = queue.members.get(iface);
                member.paused = paused;
                // LastPause keeps the pause time after an unpause (ami-07's second event).
                if (paused) {
                    member.lastPause = Instant.now().getEpochSecond();
                }
                member.pausedReason = paused ? reason : "";
                events.add(AmiEvents.deviceState("Queue:" + queue.name + "_pause_" + iface,
                        paused ? "INUSE" : "NOT_INUSE").render());
                String avail = queue.computedAvailState();
                if (!avail.equals(queue.availState)) {
                    queue.availState = avail;
                    events.add(AmiEvents.deviceState("Queue:" + queue.name + "_avail", avail).render());
                }
                events.add(queue.memberEvent("QueueMemberPause", member).render());
            }
        }
        session.send(AmiActions.success(action)
                .add("Message", paused ? "Interface paused successfully" : "Interface unpaused successfully").render());
        events.forEach(peer::broadcast);
    }

    /** ami-06: one QueueSummary item per queue, ActionID last, no Privilege/Timestamp. */
    static void summary(AmiSession session, AmiMessage action) throws IOException {
        List<AmiMessage> items = new ArrayList<>();
        synchronized (session.peer.lock) {
            for (AmiQueue queue : selected(session, action)) {
                items.add(queue.summary());
            }
        }
        list(session, action, "Queue summary will follow", items, "QueueSummaryComplete");
    }

    /** ami-06/-08: QueueParams, QueueMember..., QueueEntry... per queue; ListItems counts them all. */
    static void status(AmiSession session, AmiMessage action) throws IOException {
        List<AmiMessage> items = new ArrayList<>();
        synchronized (session.peer.lock) {
            for (AmiQueue queue : selected(session, action)) {
                items.addAll(queue.status());
            }
        }
        list(session, action, "Queue status will follow", items, "QueueStatusComplete");
    }

    private static List<AmiQueue> selected(AmiSession session, AmiMessage action) {
        String name = action.get("Queue");
        return session.peer.queues.values().stream().filter(q -> name == null || q.name.equals(name)).toList();
    }

    private static void list(AmiSession session, AmiMessage action, String message, List<AmiMessage> items,
            String completeEvent) throws IOException {
        StringBuilder out = new StringBuilder(AmiActions.success(action).add("EventList", "start")
                .add("Message", message).render());
        for (AmiMessage item : items) {
            out.append(item.addActionId(action).render());
        }
        out.append(new AmiMessage().add("Event", completeEvent).addActionId(action)
                .add("EventList", "Complete").add("ListItems", items.size()).render());
        session.send(out.toString());
    }
}

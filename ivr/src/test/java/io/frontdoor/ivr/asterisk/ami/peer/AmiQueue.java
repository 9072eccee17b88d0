package io.frontdoor.ivr.asterisk.ami.peer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scriptable state of one app_queue queue as the peer reports it: members and waiting
 * callers. Tests set it up directly; {@code QueuePause} and the peer's member-status calls change
 * it. Every access holds the owning peer's lock, since sessions read it from their own threads.
 */
public final class AmiQueue {
    /** Asterisk's AST_DEVICE_* codes as QueueMember/QueueMemberStatus print them in {@code Status:}. */
    public static final int NOT_INUSE = 1;
    public static final int INUSE = 2;
    public static final int BUSY = 3;
    public static final int UNAVAILABLE = 5;

    final String name;
    final String strategy;
    private final Object lock;
    final Map<String, Member> members = new LinkedHashMap<>();
    final List<Caller> callers = new ArrayList<>();
    /** Last {@code Queue:<name>_avail} device state sent; Asterisk only reports changes of it. */
    String availState = "NOT_INUSE";
    /** The queue's running averages in seconds, as QueueSummary/QueueParams print them. */
    int holdTime;
    int talkTime;

    AmiQueue(String name, String strategy, Object lock) {
        this.name = name;
        this.strategy = strategy;
        this.lock = lock;
    }

    /**
     * A static queue member, as in queues.conf {@code member => Local/2001@agents/n,0,Agent 2001}.
     * Set it up before clients connect; afterwards change it through the peer or QueuePause.
     */
    public static final class Member {
        final String iface;
        final String name;
        String stateInterface;
        String membership = "static";
        int penalty;
        int callsTaken;
        long lastCall;
        long lastPause;
        long loginTime = Instant.now().getEpochSecond();
        boolean inCall;
        int status = NOT_INUSE;
        boolean paused;
        String pausedReason = "";

        Member(String iface, String name) {
            this.iface = iface;
            this.name = name;
            this.stateInterface = iface;
        }

        /** Sets the {@code LoginTime} epoch seconds (to mirror a recording). */
        public Member loginTime(long epochSeconds) {
            this.loginTime = epochSeconds;
            return this;
        }

        /** Starts the member paused, with a reason. */
        public Member paused(String reason) {
            this.paused = true;
            this.pausedReason = reason;
            return this;
        }

        /** Whether app_queue would offer this member a call right now. */
        boolean available() {
            return !paused && !inCall && status == NOT_INUSE;
        }
    }

    /** A caller waiting in the queue (a {@code QueueEntry}); {@code priority} is the queue priority (QUEUE_PRIO). */
    public record Caller(String channel, String uniqueid, String callerIdNum, String callerIdName, Instant joined,
            int priority) {}

    /** Adds a static member; its {@code StateInterface} is the interface itself. */
    public Member addMember(String iface, String memberName) {
        synchronized (lock) {
            Member member = new Member(iface, memberName);
            members.put(iface, member);
            return member;
        }
    }

    /** Adds a waiting caller who joined {@code waited} ago, at queue priority 0. */
    public Caller addCaller(String channel, String uniqueid, String callerIdNum, String callerIdName, Duration waited) {
        return addCaller(channel, uniqueid, callerIdNum, callerIdName, waited, 0);
    }

    /** Adds a waiting caller who joined {@code waited} ago with a queue priority, behind callers of equal or higher priority. */
    public Caller addCaller(String channel, String uniqueid, String callerIdNum, String callerIdName, Duration waited,
            int priority) {
        synchronized (lock) {
            Caller caller = new Caller(channel, uniqueid, callerIdNum, callerIdName, Instant.now().minus(waited), priority);
            int at = 0;
            while (at < callers.size() && callers.get(at).priority() >= priority) {
                at++;
            }
            callers.add(at, caller);
            return caller;
        }
    }

    /** Removes a waiting caller by channel name. */
    public void removeCaller(String channel) {
        synchronized (lock) {
            callers.removeIf(c -> c.channel().equals(channel));
        }
    }

    /**
     * Sets the {@code Queue:<name>_avail} state Asterisk last reported, because Asterisk only
     * emits a DeviceStateChange for it when it differs (ami-07 began with a stale INUSE).
     */
    public AmiQueue availState(String state) {
        synchronized (lock) {
            this.availState = state;
            return this;
        }
    }

    /** Sets the average hold and talk time (seconds) QueueSummary and QueueParams report. */
    public AmiQueue averages(int holdSeconds, int talkSeconds) {
        synchronized (lock) {
            this.holdTime = holdSeconds;
            this.talkTime = talkSeconds;
            return this;
        }
    }

    /**
     * A caller enters the queue (ami-08, ami-10): {@code Queue:<name>} goes RINGING when it was
     * empty, then QueueCallerJoin with the caller's position and the new count.
     */
    List<String> join(Caller caller) {
        List<String> events = new ArrayList<>();
        callers.add(caller);
        if (callers.size() == 1) {
            events.add(AmiEvents.deviceState("Queue:" + name, "RINGING").render());
        }
        events.add(callerEvent("QueueCallerJoin", caller).add("Position", callers.size())
                .add("Count", callers.size()).render());
        return events;
    }

    /**
     * A caller leaves: abandoned (ami-08: QueueCallerAbandon first) or connected to an agent
     * (ami-10); {@code Queue:<name>} goes NOT_INUSE when the queue empties, then QueueCallerLeave.
     */
    List<String> leave(String channel, boolean abandoned) {
        int index = -1;
        for (int i = 0; i < callers.size(); i++) {
            if (callers.get(i).channel().equals(channel)) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("no caller " + channel + " in " + name);
        }
        Caller caller = callers.remove(index);
        List<String> events = new ArrayList<>();
        if (abandoned) {
            events.add(callerEvent("QueueCallerAbandon", caller).add("Position", index + 1)
                    .add("OriginalPosition", index + 1).add("HoldTime", waitSeconds(caller)).render());
        }
        if (callers.isEmpty()) {
            events.add(AmiEvents.deviceState("Queue:" + name, "NOT_INUSE").render());
        }
        events.add(callerEvent("QueueCallerLeave", caller).add("Position", index + 1)
                .add("Count", callers.size()).render());
        return events;
    }

    /** ami-09: a dynamic member added by QueueAdd: its pause device state, then QueueMemberAdded. */
    List<String> addDynamic(String iface, String memberName, int penalty) {
        Member member = new Member(iface, memberName);
        member.membership = "dynamic";
        member.penalty = penalty;
        members.put(iface, member);
        List<String> events = new ArrayList<>();
        events.add(AmiEvents.deviceState("Queue:" + name + "_pause_" + iface, "NOT_INUSE").render());
        String avail = computedAvailState();
        if (!avail.equals(availState)) {
            availState = avail;
            events.add(AmiEvents.deviceState("Queue:" + name + "_avail", avail).render());
        }
        events.add(memberEvent("QueueMemberAdded", member).render());
        return events;
    }

    /** ami-09: QueueRemove gives QueueMemberRemoved with the member's last state. */
    List<String> remove(String iface) {
        Member member = members.remove(iface);
        if (member == null) {
            throw new IllegalArgumentException("no member " + iface + " in " + name);
        }
        return List.of(memberEvent("QueueMemberRemoved", member).render());
    }

    /** The channel snapshot queue caller events start with (ami-08, ami-10), then {@code Queue:}. */
    private AmiMessage callerEvent(String event, Caller c) {
        return AmiEvents.event(event, "agent,all")
                .add("Channel", c.channel())
                .add("ChannelState", 6)
                .add("ChannelStateDesc", "Up")
                .add("CallerIDNum", c.callerIdNum())
                .add("CallerIDName", c.callerIdName())
                .add("ConnectedLineNum", c.callerIdNum())
                .add("ConnectedLineName", c.callerIdName())
                .add("Language", "en")
                .add("AccountCode", "")
                .add("Context", "queues")
                .add("Exten", name)
                .add("Priority", 2)
                .add("Uniqueid", c.uniqueid())
                .add("Linkedid", c.uniqueid())
                .add("Queue", name);
    }

    String computedAvailState() {
        return members.values().stream().anyMatch(Member::available) ? "NOT_INUSE" : "INUSE";
    }

    /** QueueMemberPause / QueueMemberStatus body, header order as in ami-07 and ami-10. */
    AmiMessage memberEvent(String event, Member m) {
        return AmiEvents.event(event, "agent,all")
                .add("Queue", name)
                .add("MemberName", m.name)
                .add("Interface", m.iface)
                .add("StateInterface", m.stateInterface)
                .add("Membership", m.membership)
                .add("Penalty", m.penalty)
                .add("CallsTaken", m.callsTaken)
                .add("LastCall", m.lastCall)
                .add("LastPause", m.lastPause)
                .add("LoginTime", m.loginTime)
                .add("InCall", m.inCall ? 1 : 0)
                .add("Status", m.status)
                .add("Paused", m.paused ? 1 : 0)
                .add("PausedReason", m.pausedReason)
                .add("Ringinuse", 1)
                .add("Wrapuptime", 0);
    }

    /** The QueueSummary list item (ami-06, ami-08); ActionID goes last, added by the caller. */
    AmiMessage summary() {
        long longest = callers.stream().mapToLong(AmiQueue::waitSeconds).max().orElse(0);
        return new AmiMessage().add("Event", "QueueSummary")
                .add("Queue", name)
                .add("LoggedIn", members.values().stream().filter(m -> m.status != UNAVAILABLE).count())
                .add("Available", members.values().stream().filter(Member::available).count())
                .add("Callers", callers.size())
                .add("HoldTime", holdTime)
                .add("TalkTime", talkTime)
                .add("LongestHoldTime", longest);
    }

    /** QueueParams, then a QueueMember per member and a QueueEntry per caller (ami-06, ami-08). */
    List<AmiMessage> status() {
        List<AmiMessage> items = new ArrayList<>();
        items.add(new AmiMessage().add("Event", "QueueParams").add("Queue", name).add("Max", 0)
                .add("Strategy", strategy).add("Calls", callers.size()).add("Holdtime", holdTime).add("TalkTime", talkTime)
                .add("Completed", 0).add("Abandoned", 0).add("ServiceLevel", 0)
                .add("ServicelevelPerf", "0.0").add("ServicelevelPerf2", "0.0").add("Weight", 0));
        for (Member m : members.values()) {
            items.add(new AmiMessage().add("Event", "QueueMember").add("Queue", name).add("Name", m.name)
                    .add("Location", m.iface).add("StateInterface", m.stateInterface)
                    .add("Membership", m.membership).add("Penalty", m.penalty).add("CallsTaken", m.callsTaken)
                    .add("LastCall", m.lastCall).add("LastPause", m.lastPause).add("LoginTime", m.loginTime)
                    .add("InCall", m.inCall ? 1 : 0).add("Status", m.status).add("Paused", m.paused ? 1 : 0)
                    .add("PausedReason", m.pausedReason).add("Wrapuptime", 0));
        }
        int position = 1;
        for (Caller c : callers) {
            items.add(new AmiMessage().add("Event", "QueueEntry").add("Queue", name).add("Position", position++)
                    .add("Channel", c.channel()).add("Uniqueid", c.uniqueid())
                    .add("CallerIDNum", c.callerIdNum()).add("CallerIDName", c.callerIdName())
                    .add("ConnectedLineNum", c.callerIdNum()).add("ConnectedLineName", c.callerIdName())
                    .add("Wait", waitSeconds(c)).add("Priority", c.priority()));
        }
        return items;
    }

    private static long waitSeconds(Caller c) {
        return Duration.between(c.joined(), Instant.now()).toSeconds();
    }
}

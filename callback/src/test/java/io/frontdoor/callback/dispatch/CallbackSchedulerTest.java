package io.frontdoor.callback.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.queue.CallbackNumberPolicy;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.callback.queue.QueuePolicy;
import io.frontdoor.callback.queue.VirtualQueue;
import io.frontdoor.callback.schedule.BusinessCalendar;
import io.frontdoor.callback.schedule.CallbackScheduler;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateCustomerDirectory;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quartz on the JDBC job store wakes the dispatcher when a timed callback falls due. */
class CallbackSchedulerTest {
    /** The store under test: an H2 file in {@code dir}; the PostgreSQL subclass runs the same tests on PostgreSQL. */
    Database database(Path dir) {
        return TestDatabases.embedded(dir);
    }


    @Test
    void aTimedCallbackIsDialledWhenQuartzWakesTheDispatcher(@TempDir Path dir) throws Exception {
        QueuePolicy policy = new QueuePolicy("vip", QueuePolicy.Mode.CUSTOMER_FIRST, BusinessCalendar.alwaysOpen(),
                ZoneId.of("UTC"), List.of(Duration.ofMinutes(1)), Duration.ofSeconds(30), Duration.ofHours(1), "",
                Duration.ofMinutes(15));
        FakeSwitch sw = new FakeSwitch();
        Agent agent = sw.agent("vip", "PJSIP/2001");
        Clock clock = Clock.systemUTC();
        try (Database db = database(dir)) {
            CallbackStore store = new CallbackStore(db.dataSource());
            VirtualQueue vq = new VirtualQueue();
            HibernateInteractionLog log = new HibernateInteractionLog(db);
            try (CallbackDispatcher dispatcher = new CallbackDispatcher(store, vq, q -> policy, sw, sw, ScreenPop.NONE,
                    new HibernateCustomerDirectory(db), log, clock, CallbackDispatcher.Options.defaults());
                    CallbackScheduler scheduler = new CallbackScheduler(db.dataSource(), dispatcher, "test")) {
                dispatcher.wakeups(scheduler);
                dispatcher.start();
                CallbackService service = new CallbackService(store, vq, q -> policy, sw, dispatcher,
                        new CallbackNumberPolicy("CN", Set.of()), new CallbackTimeline(log),
                        CallbackService.Settings.defaults(), clock);
                Instant due = Instant.now().plusMillis(1500);
                assertTrue(service.request(new CallbackService.NewRequest("c1", "vip", "+8613800000001", "zh", 5,
                        Instant.now(), due, "call-1", null)).accepted());
                dispatcher.drain();
                assertTrue(sw.dialled.isEmpty(), "not before it is due, although the agent is free");
                assertFalse(sw.freeAgents("vip").isEmpty());
                try (Connection c = db.dataSource().getConnection();
                        ResultSet rs = c.createStatement().executeQuery(
                                "select count(*) from QRTZ_TRIGGERS where TRIGGER_NAME = 'next-due'")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "the wake-up is a trigger in the database");
                }
                DialRequest dial = sw.awaitDial(1);
                Instant dialledAt = Instant.now();
                assertEquals("+8613800000001", dial.destination());
                assertFalse(dialledAt.isBefore(due), "dialled at " + dialledAt + ", due " + due);
                assertTrue(Duration.between(due, dialledAt).toMillis() < 3000, "woken on time: " + dialledAt);
                assertEquals(agent.id(), store.find(dial.callbackId()).orElseThrow().agent());
            }
        }
    }
}

package io.frontdoor.callback.schedule;

import io.frontdoor.callback.dispatch.CallbackDispatcher;
import io.frontdoor.callback.dispatch.Wakeups;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz, with its JDBC job store on FrontDoor's own database, wakes the dispatcher: one trigger
 * at the next time a callback falls due (timed callbacks, retries, queues opening) and a sweep
 * every minute that expires old requests. Quartz does not hold one trigger per callback (its JDBC
 * store fires on the order of a hundred triggers a second): the due requests themselves are read
 * in batches from {@code callback_request} by the dispatcher when it is woken. Both triggers are
 * in the database, so a wake-up that fell due while FrontDoor was down fires at once on restart
 * (and the dispatcher scans at start anyway).
 */
public final class CallbackScheduler implements Wakeups, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackScheduler.class);
    private static final String DISPATCHER = "frontdoor.dispatcher";
    private static final String SELF = "frontdoor.scheduler";
    private static final JobKey WAKE = JobKey.jobKey("wake", "frontdoor-callbacks");
    private static final JobKey EXPIRE = JobKey.jobKey("expire", "frontdoor-callbacks");
    private static final TriggerKey NEXT_DUE = TriggerKey.triggerKey("next-due", "frontdoor-callbacks");
    private static final TriggerKey SWEEP = TriggerKey.triggerKey("expiry-sweep", "frontdoor-callbacks");

    private final Scheduler scheduler;
    private final Object lock = new Object();
    private Instant scheduled;

    /**
     * Starts Quartz on the given database for the dispatcher.
     *
     * @param instanceName distinguishes schedulers sharing one database (one per FrontDoor node)
     */
    public CallbackScheduler(DataSource dataSource, CallbackDispatcher dispatcher, String instanceName) {
        String dsName = "frontdoor-" + instanceName;
        DBConnectionManager.getInstance().addConnectionProvider(dsName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the store and is closed with it
            }

            @Override
            public void initialize() {
                // nothing: the pool is open already
            }
        });
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "frontdoor-" + instanceName);
        p.setProperty("org.quartz.scheduler.instanceId", "frontdoor-" + instanceName);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.dataSource", dsName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", delegate(dataSource));
        p.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        try {
            scheduler = new StdSchedulerFactory(p).getScheduler();
            scheduler.getContext().put(DISPATCHER, dispatcher);
            scheduler.getContext().put(SELF, this);
            JobDetail wake = JobBuilder.newJob(WakeJob.class).withIdentity(WAKE).storeDurably().build();
            JobDetail expire = JobBuilder.newJob(ExpireJob.class).withIdentity(EXPIRE).storeDurably().build();
            scheduler.addJob(wake, true);
            scheduler.addJob(expire, true);
            Trigger sweep = TriggerBuilder.newTrigger().withIdentity(SWEEP).forJob(EXPIRE)
                    .withSchedule(CronScheduleBuilder.cronSchedule("0 * * * * ?")
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            if (scheduler.checkExists(SWEEP)) {
                scheduler.rescheduleJob(SWEEP, sweep);
            } else {
                scheduler.scheduleJob(sweep);
            }
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the callback scheduler: " + e.getMessage(), e);
        }
    }

    private static String delegate(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase();
            return product.contains("postgres") ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                    : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database for the scheduler: " + e.getMessage(), e);
        }
    }

    @Override
    public void wakeAt(Instant at) {
        synchronized (lock) {
            Instant now = Instant.now();
            if (scheduled != null && !scheduled.isAfter(at) && scheduled.isAfter(now.minusSeconds(5))) {
                return; // an earlier (or equal) wake-up is already set and not lost
            }
            Trigger t = TriggerBuilder.newTrigger().withIdentity(NEXT_DUE).forJob(WAKE)
                    .startAt(Date.from(at))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            try {
                if (scheduler.rescheduleJob(NEXT_DUE, t) == null) {
                    scheduler.scheduleJob(t);
                }
                scheduled = at;
            } catch (SchedulerException e) {
                // Quartz was firing (and removing) the old trigger at that moment: set a new one
                try {
                    scheduler.unscheduleJob(NEXT_DUE);
                    scheduler.scheduleJob(t);
                    scheduled = at;
                } catch (SchedulerException again) {
                    LOG.error("cannot set the next callback wake-up for {}: {} / {}", at, e.getMessage(), again.getMessage());
                }
            }
        }
    }

    private void fired() {
        synchronized (lock) {
            scheduled = null;
        }
    }

    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            LOG.warn("stopping the callback scheduler: {}", e.getMessage());
        }
    }

    private static CallbackDispatcher dispatcher(JobExecutionContext ctx) throws SchedulerException {
        return (CallbackDispatcher) ctx.getScheduler().getContext().get(DISPATCHER);
    }

    /** Reads the due callbacks. */
    @DisallowConcurrentExecution
    public static final class WakeJob implements Job {
        @Override
        public void execute(JobExecutionContext ctx) {
            try {
                Object self = ctx.getScheduler().getContext().get(SELF);
                if (self instanceof CallbackScheduler s) {
                    s.fired();
                }
                dispatcher(ctx).wake();
            } catch (SchedulerException e) {
                LOG.error("callback wake-up: {}", e.getMessage());
            }
        }
    }

    /** Expires old requests. */
    @DisallowConcurrentExecution
    public static final class ExpireJob implements Job {
        @Override
        public void execute(JobExecutionContext ctx) {
            try {
                dispatcher(ctx).expire();
            } catch (SchedulerException e) {
                LOG.error("callback expiry sweep: {}", e.getMessage());
            }
        }
    }

}

package io.frontdoor.ivr.flow;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionLog;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.ivr.call.Call;
import io.frontdoor.ivr.caller.Caller;
import io.frontdoor.ivr.caller.CallerIdentifier;
import io.frontdoor.ivr.caller.Greeting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** In-memory caller identification and interaction log for flow tests. */
final class FakeCallers {
    private FakeCallers() {
    }

    static Customer customer(String id, String name, Tier tier, String language, String... flags) {
        return new Customer(id, name, "Ms.", tier, language, Set.of(flags), Set.of("+8613800138000"));
    }

    static Caller known(Customer c, Greeting greeting, boolean trusted) {
        return new Caller("+8613800138000", c, greeting, trusted, List.of(), "");
    }

    /** Identifies every call with a function of the call; greetingFor from a map (unknown otherwise). */
    static final class Identifier implements CallerIdentifier {
        private final Function<Call, Caller> who;
        private final Map<String, Greeting> greetings;

        Identifier(Function<Call, Caller> who, Map<String, Greeting> greetings) {
            this.who = who;
            this.greetings = greetings;
        }

        static Identifier always(Caller caller) {
            return new Identifier(call -> caller, Map.of());
        }

        @Override
        public Caller identify(Call call) {
            return who.apply(call);
        }

        @Override
        public Greeting greetingFor(String customerId) {
            return greetings.getOrDefault(customerId, Greeting.UNKNOWN);
        }
    }

    /** Keeps recorded interactions in a list; can be told to fail like a database that is down. */
    static final class Log implements InteractionLog {
        final List<Interaction> recorded = new ArrayList<>();
        boolean failing;

        @Override
        public void record(Interaction interaction) {
            if (failing) {
                throw new IllegalStateException("database down");
            }
            recorded.add(interaction);
        }

        @Override
        public List<Interaction> find(InteractionQuery query) {
            return List.copyOf(recorded);
        }

        Interaction only() {
            if (recorded.size() != 1) {
                throw new AssertionError("expected one interaction, got " + recorded);
            }
            return recorded.get(0);
        }
    }
}

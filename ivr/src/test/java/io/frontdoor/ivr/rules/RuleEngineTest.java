package io.frontdoor.ivr.rules;

import io.frontdoor.callback.schedule.BusinessCalendar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.ivr.caller.Caller;
import io.frontdoor.ivr.caller.Greeting;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
    private final RuleEngine engine = new RuleEngine();
    private final Customer vip = new Customer("C1", "Chen Wei", "Mr.", Tier.VIP, "zh",
            Set.of("fraud_watch"), Set.of("+8613800138000"));

    private boolean eval(String expression, RuleVariables vars) {
        return engine.compile(expression).test(vars.asMap());
    }

    @Test
    void customerVariablesDescribeTheKnownCustomerWithoutTheName() {
        RuleVariables v = new RuleVariables().customer(vip);
        assertTrue(eval("customer.known && customer.id == 'C1' && customer.tier == 'VIP'", v));
        assertTrue(eval("customer.language == 'zh' && 'fraud_watch' in customer.flags", v));
        assertFalse(eval("customer.tier == 'STANDARD'", v));
        assertThrows(RuleCompileException.class, () -> engine.compile("customer.name == 'Chen Wei'"));
    }

    @Test
    void unknownCustomerHasEmptyValues() {
        RuleVariables v = new RuleVariables().customer(null);
        assertTrue(eval("!customer.known && customer.tier == '' && size(customer.flags) == 0", v));
    }

    @Test
    void callerVariablesSayGreetingTrustSharingAndWithholding() {
        Caller trusted = new Caller("+8613800138000", vip, Greeting.RETURNING, true, List.of(), "");
        assertTrue(eval("caller.greeting == 'returning' && caller.trusted && !caller.shared && !caller.withheld",
                new RuleVariables().caller(trusted)));
        Caller withheld = Caller.unknown(null, "withheld");
        assertTrue(eval("caller.greeting == 'unknown' && !caller.trusted && caller.withheld",
                new RuleVariables().caller(withheld)));
        Caller shared = new Caller("+8613800138000", null, Greeting.UNKNOWN, false, List.of(vip, vip), "shared");
        assertTrue(eval("caller.shared", new RuleVariables().caller(shared)));
    }

    @Test
    void callVariablesGiveDialledFlowEntryLanguageAndSteps() {
        RuleVariables v = new RuleVariables().call("4001234567", "hotline-en", "from-trunk", "zh", 7);
        assertTrue(eval("call.dialled == '4001234567' && call.flow == 'hotline-en' && call.entry == 'from-trunk'", v));
        assertTrue(eval("call.language == 'zh' && call.steps == 7 && call.steps > 5", v));
    }

    @Test
    void timeVariablesAreInTheGivenZone() {
        ZonedDateTime now = Instant.parse("2026-11-23T01:30:00Z").atZone(ZoneId.of("Asia/Shanghai"));
        RuleVariables v = new RuleVariables().time(now, Map.of());
        assertTrue(eval("time.hour == 9 && time.minute == 30 && time.weekday == 1", v));
        assertTrue(eval("time.date == '2026-11-23' && time.hhmm == '09:30' && time.hhmm >= '09:00'", v));
    }

    @Test
    void hoursSayWhetherEachCalendarIsOpen() {
        BusinessCalendar office = new BusinessCalendar(
                Map.of(DayOfWeek.MONDAY, BusinessCalendar.parseRanges("09:00-18:00")), Set.of());
        BusinessCalendar night = new BusinessCalendar(
                Map.of(DayOfWeek.MONDAY, BusinessCalendar.parseRanges("18:00-24:00")), Set.of());
        ZonedDateTime morning = ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai"));
        RuleVariables v = new RuleVariables().time(morning, Map.of("office", office, "night", night));
        assertTrue(eval("hours.office && !hours.night", v));
    }

    @Test
    void choicesAndLastChoiceAreVisible() {
        RuleVariables v = new RuleVariables().choices(Map.of("main_menu", "1", "sub", "3"), "3");
        assertTrue(eval("choices.main_menu == '1' && last_choice == '3' && 'sub' in choices", v));
        assertFalse(eval("choices.main_menu == '2'", v));
    }

    @Test
    void setVariablesAreVisibleAsVars() {
        RuleVariables v = new RuleVariables().vars(Map.of("campaign", "autumn"));
        assertTrue(eval("vars.campaign == 'autumn' && !has(vars.other)", v));
    }

    @Test
    void missingKeyAtRunTimeCountsAsFalse() {
        assertFalse(eval("vars.campaign == 'autumn'", new RuleVariables()));
        assertFalse(eval("choices.main_menu == '1'", new RuleVariables()));
    }

    @Test
    void undeclaredNamesAndUnknownFunctionsAreRejectedAtCompile() {
        RuleCompileException e = assertThrows(RuleCompileException.class, () -> engine.compile("secret == 1"));
        assertTrue(e.getMessage().contains("undeclared reference to 'secret'"), e.getMessage());
        assertThrows(RuleCompileException.class, () -> engine.compile("exec('rm -rf /')"));
        assertThrows(RuleCompileException.class, () -> engine.compile("customer.teir == 'VIP'"));
        assertThrows(RuleCompileException.class, () -> engine.compile("customer.tier == "));
        assertThrows(RuleCompileException.class, () -> engine.compile(" "));
    }

    @Test
    void nonBooleanConditionsAreRejectedAtCompile() {
        RuleCompileException e = assertThrows(RuleCompileException.class, () -> engine.compile("last_choice + 'x'"));
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
    }

    @Test
    void nonBooleanDynamicResultCountsAsFalse() {
        assertFalse(eval("customer.tier", new RuleVariables().customer(vip)));
    }

    @Test
    void standardFunctionsAndMacrosWork() {
        RuleVariables v = new RuleVariables().customer(vip).choices(Map.of(), "123");
        assertTrue(eval("customer.flags.exists(f, f.startsWith('fraud')) && last_choice.matches('^[0-9]+$')", v));
        assertEquals("customer.known", engine.compile("customer.known").expression());
    }
}

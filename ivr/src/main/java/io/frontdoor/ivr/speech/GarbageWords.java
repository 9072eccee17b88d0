package io.frontdoor.ivr.speech;

import java.util.List;

/**
 * Common English words (all in cmudict) that a menu grammar offers as "something else": speech
 * outside the menu's phrases is recognised as a run of these and rejected, instead of being
 * forced onto the nearest phrase. Short, frequent and phonetically varied on purpose.
 */
final class GarbageWords {
    static final List<String> EN = List.of(("the a to and is it you that was for on are with as they at have this from or "
            + "by but what we can out all there when up your how said each she which do if will about then "
            + "would like so make see him has look more day go no my know who get where yes hello thank please bye "
            + "pay card help check talk need want").split(" "));

    private GarbageWords() {
    }
}

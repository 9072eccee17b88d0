package io.frontdoor.ivr.freeswitch;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where FreeSWITCH's {@code record} application writes caller audio for FrontDoor to read: one
 * directory shared by both hosts (the same directory when FreeSWITCH runs on FrontDoor's host).
 *
 * @param localDir  the directory on FrontDoor's host
 * @param switchDir the same directory as FreeSWITCH addresses it
 */
public record EslRecording(Path localDir, String switchDir) {
    public EslRecording {
        Objects.requireNonNull(localDir, "localDir");
        Objects.requireNonNull(switchDir, "switchDir");
        if (switchDir.isBlank() || switchDir.contains(" ")) {
            throw new IllegalArgumentException("the switch's record directory must be a path without spaces: " + switchDir);
        }
    }
}

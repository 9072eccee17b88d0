package io.frontdoor.ivr.call;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A piece of audio a call can play: an 8 kHz 16-bit mono WAV on FrontDoor's disk, and the same
 * file's name as the switch sees it (a path without extension, for Asterisk's STREAM FILE or
 * FreeSWITCH's playback), which differs when the switch runs on another host with a shared mount.
 *
 * @param localFile  the WAV file on this host
 * @param switchPath the file as the switch addresses it, without the {@code .wav} extension
 * @param text       what the audio says, for logs and the timeline (never a full name or number
 *                   in logs: mask it first)
 */
public record Audio(Path localFile, String switchPath, String text) {
    public Audio {
        Objects.requireNonNull(localFile, "localFile");
        Objects.requireNonNull(switchPath, "switchPath");
        text = text == null ? "" : text;
    }
}

// Shared by the player pages. Each page defines window.makeAdapter(video, report) for its player; this file
// records what the video element and the player report so runner.js can read one uniform state.
'use strict';
(function () {
  const report = { errors: [], notes: [], heights: [] };
  let adapter = null;
  const video = document.getElementById('video');

  function note(kind, detail) {
    report.notes.push({ t: performance.now() | 0, kind, detail });
  }

  video.muted = true;
  video.addEventListener('error', () => {
    const e = video.error;
    report.errors.push('video element: MediaError ' + (e ? e.code + ' ' + e.message : '?'));
  });
  // videoHeight changes when a frame of another rung is decoded: the honest sign that a switch happened. Sampled
  // on events and a timer (a 'resize' event alone was seen to miss a change).
  function sampleHeight() {
    const h = video.videoHeight;
    if (h > 0 && report.heights[report.heights.length - 1] !== h) {
      report.heights.push(h);
      note('height', video.videoWidth + 'x' + h + ' at ' + video.currentTime.toFixed(2));
    }
  }
  video.addEventListener('resize', sampleHeight);
  video.addEventListener('timeupdate', sampleHeight);
  setInterval(sampleHeight, 50);
  video.addEventListener('ended', () => note('ended', video.currentTime.toFixed(2)));

  window.harness = {
    async start(src) {
      adapter = window.makeAdapter(video, report, note);
      await adapter.load(src);
      await video.play();
    },
    // [{index, height, bandwidth}] as the player parsed them (not the manifest text).
    levels() {
      return adapter ? adapter.levels() : [];
    },
    // Fixes the player on one rung (ABR off) and drops what is buffered so the change shows promptly.
    force(index) {
      adapter.force(index);
      note('force', index);
    },
    state() {
      const q = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : {};
      return {
        currentTime: video.currentTime,
        duration: video.duration,
        paused: video.paused,
        ended: video.ended,
        videoHeight: video.videoHeight,
        decodedFrames: q.totalVideoFrames || 0,
        droppedFrames: q.droppedVideoFrames || 0,
        errors: report.errors.slice(),
        heights: report.heights.slice(),
        notes: report.notes.slice(),
      };
    },
    async replay() {
      video.currentTime = 0;
      await video.play();
    },
  };
})();

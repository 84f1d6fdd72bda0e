/**
 * The Firefox preferences an agent runs with, on top of puppeteer's own test profile (which already turns
 * off updates, safe browsing, health reports and Normandy's URL: @puppeteer/browsers, firefox.ts).
 * Two jobs: a fake camera and microphone with no permission prompt (Chromium's --use-fake-device-for-media-stream
 * and --use-fake-ui-for-media-stream), and no background networking: Firefox phones home from many services,
 * each with its own switch. Puppeteer points some of them at `dummy.test`, which still costs a DNS lookup,
 * so they are pointed at nothing (or a closed loopback port) here. Checked with strace during a run
 * (docs/browsers.md): no connection to anything but loopback and this machine's own addresses.
 */
export const FIREFOX_AGENT_PREFS: Record<string, string | number | boolean> = {
  // Fake devices, no prompt: https://searchfox.org/mozilla-esr140/source/modules/libpref/init/StaticPrefList.yaml (media.navigator.*)
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  // Real host addresses in ICE candidates instead of mDNS names (Chromium's fake-ui flag does the same):
  // without it a data-only connection between the two browsers has to resolve .local names over multicast.
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  // Firefox leaves out loopback candidates by default; a machine whose only interface is lo needs them.
  'media.peerconnection.ice.loopback': true,
  // Firefox rounds performance.now() to 1 ms for pages that are not cross-origin isolated; the data check
  // times round trips of well under a millisecond with it (measured: Firefox senders reported 0.0 or 1.0 ms).
  'privacy.reduceTimerPrecision': false,
  // Telemetry and data reporting.
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  // Updates of the browser, add-ons, system add-ons, plugins (OpenH264, Widevine).
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.update.url': '',
  'extensions.systemAddon.update.enabled': false,
  'extensions.systemAddon.update.url': '',
  'extensions.blocklist.enabled': false,
  'media.gmp-manager.url': '',
  'media.gmp-manager.updateEnabled': false,
  // Remote settings, experiments, studies, region lookups. Release builds ignore a services.settings.server
  // override and look up firefox.settings.services.mozilla.com (seen in an strace of a run) unless
  // MOZ_REMOTE_SETTINGS_DEVTOOLS=1 is in the environment (FIREFOX_AGENT_ENV); a data: URL then never touches a network
  // (services-settings/Utils.sys.mjs, allowServerURL).
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'services.settings.poll_interval': 31_536_000,
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.shield.optoutstudies.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'nimbus.enabled': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.search.geoip.url': '',
  'geo.provider.network.url': '',
  // Captive portal and connectivity probes (detectportal.firefox.com), DNS over HTTPS, prefetching.
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.trr.mode': 5,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'network.http.speculative-parallel-limit': 0,
  // Safe browsing list updates.
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  // Web push (a WebSocket to push.services.mozilla.com), accounts and sync, new-tab content.
  'dom.push.enabled': false,
  'dom.push.connection.enabled': false,
  'dom.push.serverURL': '',
  'identity.fxaccounts.enabled': false,
  'services.sync.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.feeds.topsites': false,
  'browser.topsites.contile.enabled': false,
  'browser.discovery.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  // Certificate revocation checks (OCSP) would reach the CA for any https page.
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
};

/** Environment variables for the Firefox process (see services.settings.server above). */
export const FIREFOX_AGENT_ENV: Record<string, string> = { MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' };

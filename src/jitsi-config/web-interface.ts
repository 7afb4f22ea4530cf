import type { InstanceFacts } from './instance.ts';
import { privacy, relaxed, type Setting } from './setting.ts';

/**
 * Settings appended to the web image's `interface_config.js` (`custom-interface_config.js`),
 * which starts as the upstream file with `var interfaceConfig = { ... }`. Upstream defaults
 * link to jitsi.org, app stores and the Jitsi community forum; these point to the instance or
 * are emptied, so the UI hides them.
 */
export function webInterfaceSettings(facts: InstanceFacts): Setting[] {
  const own = facts.publicUrl;
  return [
    privacy(['TP-09'], 'MOBILE_APP_PROMO', false),
    privacy(['TP-09'], 'MOBILE_DOWNLOAD_LINK_ANDROID', ''),
    privacy(['TP-09'], 'MOBILE_DOWNLOAD_LINK_F_DROID', ''),
    privacy(['TP-09'], 'MOBILE_DOWNLOAD_LINK_IOS', ''),
    privacy(['TP-09'], 'MOBILE_DYNAMIC_LINK', undefined, 'Firebase dynamic links'),
    privacy(['TP-14'], 'SUPPORT_URL', own),
    privacy(['TP-14'], 'JITSI_WATERMARK_LINK', own),
    privacy(['TP-14'], 'BRAND_WATERMARK_LINK', ''),
    privacy(['TP-14'], 'LIVE_STREAMING_HELP_LINK', own),
    privacy(['TP-14'], 'SHOW_POWERED_BY', false),
    privacy(['TP-18'], 'SHOW_CHROME_EXTENSION_BANNER', false),
    facts.relaxed.has('CL-01')
      ? relaxed('CL-01', 'RECENT_LIST_ENABLED', true)
      : privacy(['CL-01'], 'RECENT_LIST_ENABLED', false),
    privacy(['CL-02'], 'GENERATE_ROOMNAMES_ON_WELCOME_PAGE', true),
  ];
}

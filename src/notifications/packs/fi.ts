/** The security emails in Finnish, for the same keys as English. */
import type { EmailTexts } from './en.js';

export const fiEmailTexts: EmailTexts = {
  emailMethodAddedSubject: 'Kaksivaiheiseen tunnistautumiseen lisättiin tapa',
  emailMethodAddedBody: '{method} lisättiin tilisi kaksivaiheiseen tunnistautumiseen {when}.',
  emailMethodRemovedSubject: 'Kaksivaiheisesta tunnistautumisesta poistettiin tapa',
  emailMethodRemovedBody: '{method} poistettiin tilisi kaksivaiheisesta tunnistautumisesta {when}.',
  emailLockedSubject: 'Kaksivaiheinen tunnistautuminen lukittiin epäonnistuneiden yritysten vuoksi',
  emailLockedBody: 'Tilillesi annettiin liian monta väärää vahvistuskoodia (viimeksi {when}). Vahvistus on lukittu {until} asti.',
  emailRecoveryNoneSubject: 'Varakoodisi ovat loppuneet',
  emailRecoveryNoneBody: 'Tilillesi kirjauduttiin varakoodilla {when}. Koodeja ei ole enää jäljellä: luo uudet varakoodit kaksivaiheisen tunnistautumisen asetuksissa.',
  emailRecoveryOneSubject: 'Vain 1 varakoodi jäljellä',
  emailRecoveryOneBody: 'Tilillesi kirjauduttiin varakoodilla {when}. Jäljellä on vain 1: luo uudet varakoodit kaksivaiheisen tunnistautumisen asetuksissa.',
  emailRecoveryFewSubject: 'Vain {count} varakoodia jäljellä',
  emailRecoveryFewBody: 'Tilillesi kirjauduttiin varakoodilla {when}. Jäljellä on vain {count}: luo uudet varakoodit kaksivaiheisen tunnistautumisen asetuksissa.',
  emailAdminResetSubject: 'Kaksivaiheinen tunnistautumisesi nollattiin',
  emailAdminResetBody: 'Ylläpitäjä nollasi tilisi kaksivaiheisen tunnistautumisen {when}. Ota vahvistustapa käyttöön seuraavan kirjautumisen yhteydessä.',
  emailAdminResetNotYou: 'Jos et pyytänyt tätä, ota yhteyttä ylläpitäjään.',
  emailNotYou: 'Jos tämä et ollut sinä, vaihda salasanasi heti ja ota yhteyttä ylläpitäjään.',
  emailWhen: '{time}',
  emailWhenFrom: '{time} IP-osoitteesta {ip}',
  emailMethodTotp: 'Todennussovellus',
  emailMethodEmail: 'Sähköpostiosoite',
  emailMethodSms: 'Puhelinnumero (tekstiviestit)',
  emailMethodWebAuthn: 'Pääsyavain tai suojausavain',
  emailMethodRecovery: 'Varakoodi',
  emailMethodUnknown: 'Vahvistustapa',
};

/**
 * Finnish for the built-in pages, in the plain, polite register of a Finnish service page
 * (imperative singular, as Kela and OmaKanta write). Typed as the whole of `PageTexts`, so a
 * new English key does not compile until it is translated here too.
 */
import type { PageTexts } from '../texts.js';
import { adminTextsFi } from './admin-fi.js';

export const fiPageTexts: PageTexts = {
  // The admin router's pages
  ...adminTextsFi,

  // Passkeys
  methodWebAuthn: 'Pääsyavain: {name}',
  passkeyUse: 'Käytä pääsyavainta tai suojausavainta',
  passkeyOr: 'Tai anna koodi:',
  passkeyOnlyIntro: 'Käytä pääsyavainta tai suojausavainta, jonka lisäsit tähän tiliin.',
  passkeyNoScript: 'Pääsyavaimet ja suojausavaimet tarvitsevat JavaScriptiä, joka on tässä selaimessa pois päältä. Käytä alla olevaa toista tapaa tai ota JavaScript käyttöön.',
  passkeyUnsupported: 'Tämä selain ei tue pääsyavaimia eikä suojausavaimia. Käytä alla olevaa toista tapaa tai kokeile toista selainta.',
  passkeyFailed: 'Pääsyavain ei vastannut (peruttiin, aika loppui tai avain oli väärä). Yritä uudelleen tai käytä toista tapaa.',
  passkeyRequired: 'Tämä sivu vaatii pääsyavaimen tai suojausavaimen: huijaussivu voi saada koodin ihmiseltä, mutta ei pääsyavainta.',
  passkeyNone: 'Tämä sivu vaatii pääsyavaimen tai suojausavaimen, eikä tililläsi ole vielä yhtään. Lisää avain kaksivaiheisen tunnistautumisen asetuksissa.',
  setupWebAuthnChoice: 'Käytä pääsyavainta tai suojausavainta',
  setupWebAuthnChoiceHint: 'Turvallisin: puhelimesi, tietokoneesi tai YubiKeyn kaltainen avain todistaa, että se olet sinä, eikä huijaussivu voi harhauttaa sitä.',
  setupWebAuthnTitle: 'Lisää pääsyavain tai suojausavain',
  setupWebAuthnExplain: 'Anna sille nimi, jonka tunnistat, paina sitten painiketta ja seuraa selaimen ohjeita: kosketa avainta tai käytä sormenjälkeä, kasvoja tai näytön lukitusta.',
  passkeyNameLabel: 'Nimi',
  passkeyNameHint: 'Esimerkiksi "YubiKey 5" tai "Tämä iPhone".',
  setupWebAuthnSubmit: 'Luo pääsyavain',
  passkeySynced: 'Synkronoitu pääsyavain',
  passkeyThisDeviceOnly: 'Vain tällä laitteella',

  // Shared
  skipToContent: 'Siirry pääsisältöön',
  errorPrefix: 'Virhe:',
  backToSettings: 'Takaisin kaksivaiheisen tunnistautumisen asetuksiin',
  copied: 'Kopioitu.',
  copyFailed: 'Kopiointi ei onnistunut: valitse teksti ja kopioi se itse.',
  codeLabel: 'Vahvistuskoodi',
  codeHint: '{digits} numeroa ilman välilyöntejä.',
  codeHintTwoLengths: '{short} tai {long} numeroa ilman välilyöntejä.',
  recoveryCodeLabel: 'Varakoodi',
  recoveryCodeHint: 'Yksi koodeista, jotka tallensit ottaessasi kaksivaiheisen tunnistautumisen käyttöön, esimerkiksi ABCDE-FGHJK-LMNPQ.',
  passwordLabel: 'Nykyinen salasana',
  backToApp: 'Takaisin: {app}',
  backToAppUnnamed: 'Takaisin sivustolle',
  signOut: 'Kirjaudu ulos',
  appBarLabel: 'Tili',

  // Methods, as people see them
  methodTotp: 'Todennussovellus',
  methodTotpNumbered: 'Todennussovellus {number}',
  renameMethod: 'Nimeä uudelleen',
  renameMethodLabel: 'Uusi nimi: {label}',
  renameMethodSave: 'Tallenna nimi',
  methodLastUsed: 'käytetty viimeksi {date}',
  methodNotUsedYet: 'ei vielä käytetty',
  recoveryLastUsed: 'Varakoodia käytettiin viimeksi {date}.',
  methodEmail: 'Sähköposti osoitteeseen {address}',
  methodSms: 'Tekstiviesti numeroon {phone}',
  primaryMarker: '(ensisijainen)',

  // Challenge
  verifyTitle: 'Vahvista henkilöllisyytesi',
  verifyIntroApp: 'Avaa todennussovellus ja anna koodi, jonka se näyttää tälle tilille.',
  verifyIntroAny: 'Anna todennussovelluksen koodi tai pyydä koodi sähköpostiin tai tekstiviestinä.',
  verifyChooseMethod: 'Miten haluat vahvistaa?',
  verifySent: 'Lähetimme koodin: {label}. Se on voimassa {minutes} minuuttia.',
  verifyRemember: 'Muista tämä laite {days} päivän ajan',
  verifyRememberHint: 'Vain omalla tietokoneella tai puhelimella. Koodia ei kysytä tällä laitteella uudelleen ennen sitä.',
  verifySubmit: 'Vahvista',
  verifyFailed: 'Vahvistus epäonnistui.',
  attemptsLeftOne: '1 yritys jäljellä, ennen kuin vahvistus lukitaan.',
  attemptsLeftMany: '{count} yritystä jäljellä, ennen kuin vahvistus lukitaan.',
  sendCode: 'Lähetä koodi: {label}',
  sendCodeWait: 'Voit pyytää uuden koodin {seconds} sekunnin kuluttua.',
  useRecoveryCode: 'Käytä varakoodia',
  useRecoveryCodeIntro: 'Hävisikö puhelin tai eikö koodi tule? Kullakin varakoodilla pääset kirjautumaan kerran.',
  useRecoverySubmit: 'Käytä varakoodia',
  useCodeInstead: 'Käytä sen sijaan vahvistuskoodia',
  cannotSignIn: 'Eikö sinulla ole koodia eikä varakoodia? Pyydä ylläpitäjää nollaamaan kaksivaiheinen tunnistautumisesi.',

  // Locked
  lockedTitle: 'Liian monta epäonnistunutta yritystä',
  lockedMessage: 'Turvallisuutesi vuoksi vahvistus on lukittu {time} asti. Yritä sen jälkeen uudelleen tai pyydä ylläpitäjää avaamaan tilisi lukitus.',

  // Setup: choosing a method
  setupTitle: 'Ota kaksivaiheinen tunnistautuminen käyttöön',
  setupRequired: 'Organisaatiosi vaatii kaksivaiheisen tunnistautumisen. Valitse, miten saat koodisi, niin pääset kirjautumaan loppuun.',
  setupOptional: 'Valitse, miten saat koodisi.',
  setupTotpChoice: 'Käytä todennussovellusta',
  setupTotpChoiceHint: 'Suositeltu: toimii ilman verkkoyhteyttä. Google Authenticator, Microsoft Authenticator, 1Password ja muut.',
  setupEmailLabel: 'Sähköpostiosoite',
  setupEmailChoice: 'Käytä sähköpostikoodeja',
  setupSmsLabel: 'Matkapuhelinnumero',
  setupSmsHint: 'Ulkomaisiin numeroihin maatunnuksen kanssa, esimerkiksi +358 40 123 4567.',
  setupSmsChoice: 'Käytä tekstiviestejä',

  // Setup: authenticator app
  setupTotpTitle: 'Ota todennussovellus käyttöön',
  setupTotpStep1: 'Avaa todennussovellus ja lisää tili.',
  setupTotpStep2: 'Lue QR-koodi tai kirjoita asetusavain.',
  setupTotpStep3: 'Anna sovelluksen näyttämä {digits}-numeroinen koodi.',
  openInAuthenticatorApp: 'Avaa todennussovelluksessa',
  openInAuthenticatorAppHint: 'Puhelimessa, jossa sovellus on: avaa sen tämän tilin tiedot valmiiksi täytettyinä. Jos mitään ei avaudu, kirjoita alla oleva asetusavain.',
  setupTotpQrLabel: 'QR-koodi todennussovellusta varten',
  setupKeyLabel: 'Asetusavain',
  copySetupKey: 'Kopioi asetusavain',
  setupTotpCodeLabel: 'Sovelluksen koodi',
  setupTotpSubmit: 'Ota käyttöön',

  // Setup: email and phone
  setupEmailTitle: 'Vahvista sähköpostiosoitteesi',
  setupSmsTitle: 'Vahvista puhelinnumerosi',
  setupContactSent: 'Lähetimme 6-numeroisen koodin: {label}. Se on voimassa {minutes} minuuttia.',
  setupContactSubmit: 'Vahvista',
  resendCode: 'Lähetä uusi koodi',
  cancel: 'Peruuta',

  // Recovery codes
  recoveryTitle: 'Tallenna varakoodisi',
  recoveryShownOnce: 'Ne näytetään vain tämän kerran.',
  recoveryExplain: 'Jos puhelimesi katoaa, kullakin koodilla pääset kirjautumaan kerran. Tulosta ne tai tallenna ne salasanojen hallintaohjelmaan.',
  recoveryReplaced: 'Aiemmat varakoodisi eivät enää toimi.',
  recoveryCopy: 'Kopioi koodit',
  recoveryDownload: 'Lataa tekstitiedostona',
  recoveryFileHeading: 'Varakoodit palveluun {issuer}. Kukin koodi toimii kerran.',
  recoverySaved: 'Olen tallentanut nämä koodit',
  recoveryContinue: 'Jatka',

  // Setup prompt
  promptTitle: 'Suojaa tilisi kaksivaiheisella tunnistautumisella',
  promptExplain: 'Salasanan jälkeen annat myös koodin puhelimestasi. Vaikka joku saisi salasanasi selville, hän ei pääse kirjautumaan.',
  promptContinue: 'Jatka',
  promptSkip: 'Ohita',
  promptSkipHint: 'Jos ohitat tämän, kysymme uudelleen seuraavalla kirjautumiskerralla.',
  promptNever: 'Älä näytä tätä uudelleen',
  promptDeadline: 'Organisaatiosi vaatii kaksivaiheisen tunnistautumisen. Voit lykätä sitä {time} asti; sen jälkeen se on otettava käyttöön kirjautumisen yhteydessä.',

  // Settings
  settingsTitle: 'Kaksivaiheinen tunnistautuminen',
  settingsOn: 'Kaksivaiheinen tunnistautuminen on käytössä.',
  settingsOff: 'Kaksivaiheinen tunnistautuminen ei ole käytössä.',
  settingsMethods: 'Vahvistustavat',
  settingsNoMethod: 'Vahvistustapaa ei ole vielä lisätty.',
  makePrimary: 'Tee ensisijaiseksi',
  removeMethod: 'Poista',
  removeMethodLabel: 'Poista {label}',
  makePrimaryLabel: 'Tee ensisijaiseksi: {label}',
  addMethod: 'Lisää tapa',
  recoveryHeading: 'Varakoodit',
  recoveryLeftOne: '1 varakoodi jäljellä.',
  recoveryLeftMany: '{count} varakoodia jäljellä.',
  recoveryLow: 'Koodit ovat loppumassa: luo uudet.',
  recoveryRegenerate: 'Luo uudet varakoodit',
  recoveryRegenerateHint: 'Nykyiset koodisi lakkaavat toimimasta.',
  devicesHeading: 'Muistetut laitteet',
  devicesNone: 'Yhtään laitetta ei muisteta.',
  deviceLastUsed: 'käytetty viimeksi {date}',
  deviceThis: '(tämä laite)',
  forgetDevice: 'Unohda',
  forgetDeviceLabel: 'Unohda {label}',
  forgetAllDevices: 'Unohda kaikki laitteet',
  sessionsHeading: 'Muut istuntosi',
  signOutOthers: 'Kirjaa ulos kaikki muut istunnot',
  signOutOthersHint: 'Kaikkien muiden tilillesi kirjautuneiden selainten ja sovellusten on kirjauduttava uudelleen. Tämä istunto pysyy kirjautuneena.',
  signedOutOthers: 'Kaikki muut istunnot on kirjattu ulos.',
  turnOn: 'Ota kaksivaiheinen tunnistautuminen käyttöön',
  turnOff: 'Poista kaksivaiheinen tunnistautuminen käytöstä',
  requiredByPolicy: 'Organisaatiosi vaatii kaksivaiheisen tunnistautumisen, joten sitä ei voi poistaa käytöstä.',

  // Re-verification
  reverifyTitle: 'Vahvista henkilöllisyytesi',
  reverifyExplain: 'Tämä muutos vaatii tuoreen vahvistuksen. Se on voimassa muutaman minuutin.',
  reverifySubmit: 'Vahvista',
  reverifyPasswordSubmit: 'Vahvista salasanalla',

  // Messages
  messageBack: 'Takaisin',
  messageSignIn: 'Siirry kirjautumaan',
  titleUnavailable: 'Vahvistus ei ole käytettävissä',
  titleSignIn: 'Kirjaudu sisään',
  titleSignInExpired: 'Kirjautumisesi vanheni',
  titleVerificationNeeded: 'Vahvistus tarvitaan',
  titleFormExpired: 'Tämä lomake on vanhentunut',
  titleSomethingWrong: 'Jokin meni vikaan',

  // Errors people meet on pages
  errorInvalidCode: 'Koodi on väärä, vanhentunut tai jo käytetty. Kukin koodi toimii vain kerran: jos käytit juuri tämän, odota seuraavaa koodia ja anna se.',
  errorInvalidPassword: 'Salasana on väärä.',
  errorResendTooSoon: 'Koodi lähetettiin juuri. Voit pyytää uuden {seconds} sekunnin kuluttua; aiempi koodi toimii yhä.',
  errorRateLimited: 'Verkostasi tuli liian monta yritystä. Odota {seconds} sekuntia ja yritä sitten uudelleen.',
  errorSendLimit: 'Tälle tilille on lähetetty tunnin aikana liian monta koodia. Käytä jo saamaasi koodia tai yritä myöhemmin uudelleen.',
  errorDeliveryFailed: 'Koodia ei voitu lähettää. Tarkista osoite tai numero tai yritä myöhemmin uudelleen.',
  errorUnavailable: 'Vahvistus ei ole juuri nyt käytettävissä. Yritä hetken kuluttua uudelleen.',
  errorSignInExpired: 'Kirjautumisen viimeistely kesti liian kauan. Kirjaudu uudelleen salasanallasi.',
  errorCsrf: 'Tämä lomake on vanhentunut tai se lähetettiin toiselta sivustolta. Palaa takaisin, lataa sivu uudelleen ja yritä uudelleen.',
};

// The UI font's less frequent slices, loaded after the first paint (see main.ts).
import 'kiosk-fonts:rest';

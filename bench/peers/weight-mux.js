// Weight only: the <mux-uploader> element.
import '@mux/mux-uploader';

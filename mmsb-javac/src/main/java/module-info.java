/** MMSB javac adapter: a javac plugin that maps javac's pipeline onto the MMSB hooks. */
module io.mmsb.javac {
    requires io.mmsb.hooks;
    requires io.mmsb.recorder;
    requires jdk.compiler;
    requires org.slf4j;
    exports io.mmsb.javac;
    provides com.sun.source.util.Plugin with io.mmsb.javac.MmsbPlugin;
}
